"""The status of a certificate or appointment letter, computed from the live record.

A certificate row keeps what was true when it was issued (its number, holder, the end of the term it
was issued for); whether it is still valid today depends on the record it was issued for: a member
that has left, an expert whose term was ended, withdrawn or renewed with a new letter. Every place that
shows a document's status (the public verification page, the holder's own pages, the PDF download,
the admin) asks `document_status`, so they cannot disagree.

The record a certificate was issued for answers through `document_standing(certificate)`, returning
(the status its live state forces, or None; the live end of validity, or None).
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from .models import Certificate, CertificateStatus


@dataclass(frozen=True)
class DocumentStatus:
    code: str
    #: The end of validity as the live record has it (the term's end), not as printed at issue.
    valid_until: datetime.date | None
    revoked_on: datetime.date | None = None

    @property
    def label(self) -> str:
        return CertificateStatus(self.code).label

    @property
    def is_valid(self) -> bool:
        return self.code == CertificateStatus.VALID

    def __str__(self) -> str:
        return str(self.label)


def document_status(certificate: Certificate, day: datetime.date | None = None) -> DocumentStatus:
    day = day or timezone.localdate()
    if certificate.revoked_at is not None:
        revoked_on = timezone.localdate(certificate.revoked_at)
        return DocumentStatus(CertificateStatus.REVOKED, certificate.valid_until, revoked_on)
    subject = certificate.subject
    if subject is None:  # the record it was issued for is gone: nothing vouches for it any more
        return DocumentStatus(CertificateStatus.REVOKED, certificate.valid_until)
    forced, live_until = subject.document_standing(certificate)
    valid_until = live_until or certificate.valid_until
    if forced is not None:
        return DocumentStatus(forced, valid_until)
    if valid_until is not None and day > valid_until:
        return DocumentStatus(CertificateStatus.EXPIRED, valid_until)
    return DocumentStatus(CertificateStatus.VALID, valid_until)
