"""belannot: a desktop annotation workbench for news articles."""

__version__ = "0.1.0"
