"""The animated exercise figures: the jointed figure and its key poses (``model``) and the
renderers that draw it as SVG and PNG (``render``).

Pure Python apart from Pillow for PNGs: no web framework. The clinical domain only refers
to a ``Figure`` as part of an exercise; nothing here makes a clinical decision.
"""
