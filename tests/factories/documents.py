"""Wagtail documents and collections (wagtail-factories), with real text content."""

import factory
import wagtail_factories
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.models import Collection


class CollectionFactory(wagtail_factories.CollectionFactory):
    """A collection under the root collection (wagtail-factories would make a second root)."""

    name = factory.Sequence(lambda n: f"测试文件夹{n}")
    parent = factory.LazyFunction(Collection.get_first_root_node)


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_document_model()

    title = factory.Sequence(lambda n: f"测试附件{n}")
    collection = factory.LazyFunction(Collection.get_first_root_node)
    file = factory.LazyAttribute(lambda doc: ContentFile(f"{doc.title}\n".encode(), name="attachment.txt"))
