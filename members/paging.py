"""How every paginated storefront page numbers its pages."""


def page_range(page) -> list:
    """The page numbers to link, with ellipses: two either side of this page, one at each end."""
    return list(page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1))
