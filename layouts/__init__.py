"""The layouts that come with make-leaflet (the YAML files beside this one).

This folder is installed as the package `generator.layouts` so that `importlib.resources` finds the
files in every kind of install (`pip install .`, `pip install -e .`, a wheel); the file makes it a
regular package rather than a namespace package, which resources cannot read as a folder.
"""
