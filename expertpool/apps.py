from django.apps import AppConfig


class ExpertpoolConfig(AppConfig):
    name = "expertpool"
    verbose_name = "专家库"
