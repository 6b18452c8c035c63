from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser


class GuardedJSONParser(JSONParser):
    """JSON whose nesting exhausts Python's recursion limit is a 400, not a 500.

    Records refuse nesting deeper than 8 levels anyway; this covers
    documents too deep for the parser to finish reading them.
    """

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError as error:
            raise ParseError("JSON parse error - the document is nested too deeply.") from error
