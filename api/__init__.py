"""The linked-data server: SPARQL 1.1 endpoint, dereferenceable URIs, pages and REST.

The names other layers use::

    from sekg.api import ServerSettings, create_app
"""

from sekg.api.app import create_app
from sekg.api.settings import ServerSettings

__all__ = ["ServerSettings", "create_app"]
