"""The print shop: plain frozen dataclasses in, PDF bytes out (WeasyPrint).

`printing.letters` makes the code letters residents receive; `printing.report` makes the
count's report (Wahlniederschrift). The package owns its templates, stylesheets and fonts and
reads no file outside itself while rendering.
"""
