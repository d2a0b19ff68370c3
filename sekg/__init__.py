"""social-economy-kg: the knowledge graph of the social economy of the Città metropolitana
di Torino."""

__all__ = ["__version__"]

__version__ = "0.1.0"
