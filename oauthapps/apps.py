from django.apps import AppConfig


class OAuthAppsConfig(AppConfig):
    name = "oauthapps"
    verbose_name = "OAuth apps"
