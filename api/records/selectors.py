"""Reads, always scoped to one workspace and one mode (live or test)."""

from django.db.models import QuerySet

from api.models import Module, Record
from api.principal import Principal


def module_get(*, principal: Principal, slug: str) -> Module | None:
    return Module.objects.filter(workspace=principal.workspace, slug=slug).first()


def module_exists(*, principal: Principal, slug: str) -> bool:
    return Module.objects.filter(workspace=principal.workspace, slug=slug).exists()


def record_list_by_slug(*, principal: Principal, slug: str) -> QuerySet[Record]:
    """Like record_list, with the module named by its slug: one query instead of two."""
    return Record.objects.filter(
        module__workspace=principal.workspace,
        module__slug=slug,
        workspace=principal.workspace,
        livemode=principal.livemode,
    )


def record_list(*, principal: Principal, module: Module) -> QuerySet[Record]:
    """The module's records that the principal may see: its workspace, its mode."""
    return Record.objects.filter(
        module=module, workspace=principal.workspace, livemode=principal.livemode
    )


def record_get(*, principal: Principal, module: Module, record_id: str) -> Record | None:
    return record_list(principal=principal, module=module).filter(public_id=record_id).first()
