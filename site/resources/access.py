"""Which documents are members-only."""

from django.contrib.contenttypes.models import ContentType
from wagtail.documents import get_document_model
from wagtail.models import Page, ReferenceIndex

from .models import CourseResourcePage, ResourceDocument, Visibility


def is_members_only_document(document) -> bool:
    """True when the document is attached to, or linked from the body of, a members-only resource.

    A document used by both a public and a members-only resource counts as members-only: editors
    upload a separate copy for the public one. Attachments are checked directly (always current);
    links in the body come from Wagtail's reference index.
    """
    if ResourceDocument.objects.filter(document=document, page__visibility=Visibility.MEMBERS).exists():
        return True
    referencing_page_ids = ReferenceIndex.objects.filter(
        to_content_type=ContentType.objects.get_for_model(get_document_model()),
        to_object_id=str(document.pk),
        base_content_type=ContentType.objects.get_for_model(Page),
    ).values_list("object_id", flat=True)
    page_ids = [int(pk) for pk in referencing_page_ids if pk.isascii() and pk.isdigit()]
    return CourseResourcePage.objects.filter(pk__in=page_ids, visibility=Visibility.MEMBERS).exists()
