from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator


def paginate(request, items, per_page: int = 12) -> PaginatorPage:
    """The requested page of `items`; a missing, malformed or out-of-range ?page= gives the nearest page."""
    return Paginator(items, per_page).get_page(request.GET.get("page"))
