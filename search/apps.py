from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "站内搜索"

    def ready(self):
        from django.db.models.signals import post_save

        from core.models import Major

        from . import chinese, synonyms  # noqa: F401  (connects the synonym cache signals)

        def major_saved(sender, instance, **kwargs):
            chinese.add_word(instance.name)

        post_save.connect(major_saved, sender=Major, weak=False, dispatch_uid="search_major_word")

        from django.db.models.signals import post_migrate

        def supports_after_migrate(sender, using="default", **kwargs):
            from django.db import connections

            from .supports import ensure_supports

            ensure_supports(connections[using])

        post_migrate.connect(supports_after_migrate, sender=self, weak=False, dispatch_uid="search_supports")
