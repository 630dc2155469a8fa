from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "基础设置"

    def ready(self):
        from django.db.models.signals import m2m_changed, post_delete, post_save
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from core import page_cache_purge

        for signal in (post_save, post_delete):
            signal.connect(page_cache_purge.purge_if_shown_on_pages, dispatch_uid=f"page-cache-{signal}")
        for signal in (page_published, page_unpublished, post_page_move):
            signal.connect(page_cache_purge.purge, dispatch_uid=f"page-cache-{signal}")
        for through in page_cache_purge.restriction_group_models():
            m2m_changed.connect(page_cache_purge.purge, sender=through, dispatch_uid=f"page-cache-groups-{through}")

        from core.exports import neutralise_every_admin_export

        neutralise_every_admin_export()

        from core import portal
        from core.models import ContactSettings, FriendlyLink

        for model in (ContactSettings, FriendlyLink):
            for signal in (post_save, post_delete):
                signal.connect(portal.forget_footer, sender=model, dispatch_uid=f"footer-{model.__name__}-{signal}")
