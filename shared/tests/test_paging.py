"""Page links as the NL GOV rules describe them, computed without I/O."""

from __future__ import annotations

from starlette.datastructures import URL
from wmokernel.paging import PageRequest, last_page, page_links


def _req(page: int, size: int = 10) -> PageRequest:
    return PageRequest(page=page, page_size=size,
                       url=URL(f"http://x/api/v1/items?status=open&page={page}&pageSize={size}"))


def test_a_middle_page_links_every_way_and_keeps_the_filter() -> None:
    links = page_links(_req(2), total=35)
    assert links.first.href == "http://x/api/v1/items?status=open&page=1&pageSize=10"
    assert links.prev is not None and "page=1&" in links.prev.href
    assert links.next is not None and "page=3&" in links.next.href
    assert "page=4&" in links.last.href
    assert all("status=open" in link.href for link in (links.first, links.last, links.self_))


def test_the_first_and_last_pages_have_no_prev_and_no_next() -> None:
    assert page_links(_req(1), total=35).prev is None
    assert page_links(_req(4), total=35).next is None


def test_an_empty_list_has_one_empty_page() -> None:
    links = page_links(_req(1), total=0)
    assert (links.prev, links.next) == (None, None)
    assert links.last.href == links.first.href
    assert last_page(0, 10) == 1


def test_a_page_past_the_end_points_back_to_the_last() -> None:
    links = page_links(_req(9), total=35)
    assert links.next is None
    assert links.prev is not None and "page=4&" in links.prev.href


def test_pages_are_exact_at_the_boundary() -> None:
    assert (last_page(500, 500), last_page(501, 500)) == (1, 2)
    assert PageRequest(page=2, page_size=500).slice(list(range(501))) == [500]


def test_links_serialise_under_hal_names() -> None:
    dumped = page_links(_req(2), total=35).dump()
    assert set(dumped) == {"self", "first", "prev", "next", "last"}
