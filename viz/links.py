"""Where a click on a node leads: an entity's page, or (for a group of actors) another view.

Entity IRIs are ``{base}/id/{kind}/{key}``; the server shows them at ``/page/{kind}/{key}``.
An exported file keeps the IRI itself by default (w3id redirects it to the published page);
a page served by ``sekg serve`` uses relative ``/page/`` links.

Example
-------
>>> links = Links(base="https://w3id.org/social-economy-kg")
>>> links.page("https://w3id.org/social-economy-kg/id/organisation/arci-torino")
'https://w3id.org/social-economy-kg/id/organisation/arci-torino'
>>> served = Links(base="https://w3id.org/social-economy-kg", page_prefix="/page/",
...                view_template="/browse/{view}?id={key}")
>>> served.page("https://w3id.org/social-economy-kg/id/organisation/arci-torino")
'/page/organisation/arci-torino'
>>> served.view("zone", "5")
'/browse/zone?id=5'
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from sekg.ontology.namespaces import DEFAULT_BASE

__all__ = ["Links"]


@dataclass(frozen=True)
class Links:
    """How IRIs and views become ``href`` values.

    Parameters
    ----------
    base
        The dataset's base IRI (``SEKG_BASE_URI``), without a trailing slash.
    page_prefix
        Prefix replacing ``{base}/id/`` (e.g. ``/page/`` when served, or
        ``http://127.0.0.1:8000/page/``); ``None`` keeps the IRI itself.
    view_template
        Address of another view, with ``{view}`` and ``{key}`` placeholders (e.g.
        ``/browse/{view}?id={key}``, or ``ecosystem-{view}-{key}.html`` for exported files);
        ``None`` when no other view is available (a click on a group then opens the group's
        own page, e.g. the zone's).
    """

    base: str = DEFAULT_BASE
    page_prefix: str | None = None
    view_template: str | None = None

    def page(self, iri: str) -> str:
        """The address of the page of the entity ``iri``."""
        head = f"{self.base.rstrip('/')}/id/"
        if self.page_prefix is None or not iri.startswith(head):
            return iri
        return self.page_prefix + iri[len(head):]

    def view(self, view: str, key: str) -> str | None:
        """The address of ``view`` for ``key``, or ``None`` if views are not linked."""
        if self.view_template is None:
            return None
        return self.view_template.format(view=view, key=quote(key, safe=""))
