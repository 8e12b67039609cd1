from django.urls import register_converter

from municipality.limits import FileNameConverter, ModelLabelConverter, TokenConverter

# <token:...> in any URL pattern: a malformed token (a NUL byte, 10 000 characters) is a
# 404 before a view or a query sees it. Registered here, before any route module is read.
register_converter(TokenConverter, "token")
register_converter(ModelLabelConverter, "label")
register_converter(FileNameConverter, "filename")
