"""Private files (application letters, notices, certificates, CVs): never under MEDIA_ROOT, never
served by the web server; only the permission-checking views in membership/ and expertpool/ read
them (through `open()`, so any storage backend works)."""

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage, storages


def private_storage() -> Storage:
    # A callable, so the choice follows settings (tests point PRIVATE_MEDIA_ROOT at a temporary
    # folder). Production may name a "private" storage (object storage, see settings.production).
    if "private" in settings.STORAGES:
        return storages["private"]
    return FileSystemStorage(location=settings.PRIVATE_MEDIA_ROOT, base_url=None)
