"""Private files (application letters, notices, certificates): never under MEDIA_ROOT, never served
by the web server; only the permission-checking views in membership/ and expertpool/ read them."""

from django.conf import settings
from django.core.files.storage import FileSystemStorage


def private_storage() -> FileSystemStorage:
    # A callable, so the location follows settings (tests point it at a temporary folder).
    return FileSystemStorage(location=settings.PRIVATE_MEDIA_ROOT, base_url=None)
