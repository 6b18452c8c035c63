from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.utils.mediatypes import media_type_matches


class JSONOnlyNegotiation(BaseContentNegotiation):
    """The API speaks JSON only: skip parsing Accept on every request."""

    def select_parser(self, request, parsers):
        for parser in parsers:
            if media_type_matches(parser.media_type, request.content_type):
                return parser
        return None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type
