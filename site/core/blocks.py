"""The StreamField blocks every page type shares, so that editors meet one toolbox everywhere."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

RICH_TEXT_FEATURES = ["h2", "h3", "h4", "bold", "italic", "ol", "ul", "hr", "link", "document-link"]


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("图片"))
    caption = blocks.CharBlock(required=False, label=_("图片说明"))

    class Meta:
        icon = "image"
        label = _("图片")
        template = "core/blocks/image_block.html"


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("标题文字"))
    size = blocks.ChoiceBlock(
        choices=[("h2", _("二级标题")), ("h3", _("三级标题")), ("h4", _("四级标题"))],
        default="h2",
        label=_("级别"),
    )

    class Meta:
        icon = "title"
        label = _("小标题")
        template = "core/blocks/heading_block.html"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("引文"))
    source = blocks.CharBlock(required=False, label=_("出处"))

    class Meta:
        icon = "openquote"
        label = _("引用")
        template = "core/blocks/quote_block.html"


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("文档"))
    title = blocks.CharBlock(required=False, label=_("显示名称（留空则用文档标题）"))

    class Meta:
        icon = "doc-full"
        label = _("文档下载")
        template = "core/blocks/document_block.html"


class BaseStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, label=_("正文"), icon="pilcrow")
    image = ImageBlock()
    quote = QuoteBlock()
    document = DocumentBlock()
    embed = EmbedBlock(label=_("嵌入视频/媒体"), help_text=_("粘贴视频页面地址"), icon="media")
