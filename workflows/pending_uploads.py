"""Uploads survive a form that fails validation.

A browser never re-sends a file: when a form comes back with an error in another field, whatever
was uploaded with it would be lost and the applicant would not notice. `PendingUploads` keeps the
files that passed their own checks in private storage (under `pending/`, random names) and remembers
them in the user's session under a scope naming the form and its record; the next POST of the same
form uses them for every file field the user did not choose a new file for. The list is shown on
the re-rendered form (includes/pending_files.html). A GET of the form, or a successful save, drops
them; `purge_stale` (`manage.py purge_pending_uploads`, daily) removes what abandoned sessions left
behind, and a session coming back after that no longer lists the removed files.
"""

import datetime
import uuid

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.datastructures import MultiValueDict

from .storage import private_storage
from .uploads import check_upload

SESSION_KEY = "pending_uploads"
FOLDER = "pending"


class PendingUploads:
    def __init__(self, request, scope: str):
        self.request, self.scope = request, scope

    # --- session bookkeeping ---
    def _all(self) -> dict:
        return self.request.session.get(SESSION_KEY, {})

    def _kept(self) -> dict[str, list[dict]]:
        return self._all().get(self.scope, {})

    def _store(self, kept: dict[str, list[dict]]) -> None:
        everything = self._all()
        if kept:
            everything[self.scope] = kept
        else:
            everything.pop(self.scope, None)
        self.request.session[SESSION_KEY] = everything

    # --- use ---
    def files(self) -> MultiValueDict:
        """request.FILES, completed by the kept files of every field without a new upload."""
        merged = MultiValueDict({key: self.request.FILES.getlist(key) for key in self.request.FILES})
        storage = private_storage()
        for field, entries in self._kept().items():
            if merged.getlist(field):
                continue
            restored = []
            for entry in entries:
                if storage.exists(entry["path"]):
                    with storage.open(entry["path"], "rb") as stored:
                        restored.append(SimpleUploadedFile(entry["name"], stored.read()))
            if restored:
                merged.setlist(field, restored)
        return merged

    def keep(self, form, files: MultiValueDict) -> None:
        """After a failed validation: keep the uploads of every file field that has no error."""
        kept = {}
        for name, field in form.fields.items():
            if not isinstance(field, forms.FileField) or name in form.errors:
                continue
            uploads = [f for f in files.getlist(name) if f]
            if not uploads:
                continue
            entries = [self._save(upload) for upload in uploads]
            kept[name] = [entry for entry in entries if entry]
        self._discard(keep={entry["path"] for entries in kept.values() for entry in entries})
        self._store({name: entries for name, entries in kept.items() if entries})

    def keep_files(self, name: str, uploads) -> None:
        """For views without a form (admin transition buttons): keep these uploads under `name`."""
        entries = [entry for entry in (self._save(upload) for upload in uploads) if entry]
        self._discard(keep=set())
        self._store({name: entries} if entries else {})

    def clear(self) -> None:
        self._discard(keep=set())
        self._store({})

    def names(self) -> list[str]:
        """The kept files' names, as the form lists them; a file purged meanwhile is not listed."""
        storage = private_storage()
        return [
            entry["name"] for entries in self._kept().values() for entry in entries if storage.exists(entry["path"])
        ]

    # --- storage ---
    def _save(self, upload) -> dict | None:
        try:
            checked = check_upload(upload)
        except forms.ValidationError:
            return None
        upload.seek(0)
        path = private_storage().save(f"{FOLDER}/{uuid.uuid4().hex}.bin", upload)
        return {"path": path, "name": checked.original_name, "size": checked.size}

    def _discard(self, *, keep: set[str]) -> None:
        storage = private_storage()
        for entries in self._kept().values():
            for entry in entries:
                if entry["path"] not in keep and storage.exists(entry["path"]):
                    storage.delete(entry["path"])


def purge_stale(*, older_than: datetime.timedelta | None = None) -> int:
    """Delete kept uploads older than `older_than` (default: WORKFLOW_PENDING_UPLOADS_MAX_AGE_HOURS),
    left by sessions abandoned mid-form. Returns how many files were removed."""
    if older_than is None:
        older_than = datetime.timedelta(hours=settings.WORKFLOW_PENDING_UPLOADS_MAX_AGE_HOURS)
    storage = private_storage()
    if not storage.exists(FOLDER):
        return 0
    cutoff = timezone.now() - older_than
    removed = 0
    for name in storage.listdir(FOLDER)[1]:
        path = f"{FOLDER}/{name}"
        if storage.get_modified_time(path) < cutoff:
            storage.delete(path)
            removed += 1
    return removed
