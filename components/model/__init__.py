"""The app's state and its rules: the spec, the actions, apply, the URL, parsing, messages.

Imports nothing from components.views or components.ui."""
