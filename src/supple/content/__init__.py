"""The exercise library and education content as data files, with their schemas.

``load_catalog()`` returns the shipped library as a ``supple.domain.catalog.Catalog``;
``ContentError`` is raised, naming the file and the field, when a content file is malformed.
"""

from supple.content.loader import ContentError, load_catalog

__all__ = ["ContentError", "load_catalog"]
