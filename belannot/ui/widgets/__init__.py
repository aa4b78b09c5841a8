"""The window's widgets: article view, tag panel, document list, find bar, guidelines pane."""
