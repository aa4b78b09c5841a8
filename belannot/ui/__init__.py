"""The Qt face of belannot: widgets, item models, actions and dialogs."""
