"""The admin's image form: the description (alt text) is required, so that every image the site
shows (news thumbnails, textbook covers, body images) says what it shows to those who cannot see it.
Wagtail's `{% image %}` tag uses it as the alt attribute (`default_alt_text`)."""

from django.utils.translation import gettext_lazy as _
from wagtail.images.forms import BaseImageForm


class ImageForm(BaseImageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "description" in self.fields:
            self.fields["description"].required = True
            self.fields["description"].label = _("替代文字（图片说明）")
            self.fields["description"].help_text = _(
                "简要说明图片内容，供读屏软件朗读，也在图片无法显示时显示，如“教材封面：数控车削加工”"
            )
