"""The Qt-free core: model, store, commands, history, formats, agreement."""
