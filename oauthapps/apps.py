from django.apps import AppConfig


class OAuthAppsConfig(AppConfig):
    name = "oauthapps"
    verbose_name = "OAuth apps"

    def ready(self) -> None:
        from oauthapps import receivers  # noqa: F401  (connects the receivers)
