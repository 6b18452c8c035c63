from django.db.models.signals import post_save
from django.dispatch import receiver

from accounts.models import Workspace
from api.models import DEFAULT_MODULES, Module


@receiver(post_save, sender=Workspace, dispatch_uid="api.default_modules")
def create_default_modules(
    sender: type[Workspace], instance: Workspace, created: bool, raw: bool = False, **kwargs: object
) -> None:
    """A new workspace starts with its default modules (`contacts`)."""
    if not created or raw:
        return  # raw: loaddata brings its own modules
    for slug, name in DEFAULT_MODULES:
        Module.objects.get_or_create(workspace=instance, slug=slug, defaults={"name": name})
