"""The API's own description: the index of views and tables, and its OpenAPI document. Both are made
from the views as they are computed, so they cannot drift from what the API answers."""

from __future__ import annotations

from prakerja_dash import i18n, views
from prakerja_dash.domain.filters import PARAMETER_NAMES
from prakerja_dash.domain.vocabulary import AGE_BANDS, CATEGORIES, EDUCATION, GENDERS, WORK_STATUSES
from prakerja_dash.web import published

FILTER_PARAMETERS = {
    "province": "one province: its Kemendagri code (15) or name; its kabupaten/kota only",
    "regency": "kabupaten/kota, comma-separated: Kemendagri codes (15.71), BPS codes (1571) or names",
    "wave": "waves FIRST-LAST within 1-71, e.g. 20-70",
    "year": "years FIRST-LAST within 2020-2024",
    "gender": f"one of {', '.join(GENDERS)}",
    "age": f"age bands, comma-separated ({', '.join(AGE_BANDS)})",
    "education": f"comma-separated ({', '.join(EDUCATION)})",
    "category": f"training categories, comma-separated ({', '.join(CATEGORIES)})",
    "status": f"work status at registration, comma-separated ({', '.join(WORK_STATUSES)})",
}
OPTION_DESCRIPTIONS = {
    "profil": "the kabupaten/kota the profile shows (Kemendagri or BPS code); default: the one selected, else 15.71",
    "a": "period A of the comparison, waves FIRST-LAST (default 1-47, the semi-bansos scheme)",
    "b": "period B of the comparison, waves FIRST-LAST (default 48-71, the normal scheme)",
}


def index(base: str, computed: dict[str, views.View]) -> dict:
    """`GET /api/v1/`: every published view, its tables and their columns, and how to ask."""
    return {
        "api": "prakerja-dash published views",
        "version": 1,
        "openapi": f"{base}/openapi.json",
        "parameters": FILTER_PARAMETERS | {"lang": f"language of labels and messages ({', '.join(i18n.LANGUAGES)})"},
        "views": {
            name: {
                "title": {lang: i18n.t(title, lang) for lang in i18n.LANGUAGES},
                "json": f"{base}/{name}.json",
                "csv": f"{base}/{name}.csv?table=TABLE",
                "options": {o: OPTION_DESCRIPTIONS[o] for o in published.OPTION_PARAMETERS.get(name, ())},
                "tables": {table: list(frame.columns)
                           for table, frame in published.published_tables(computed[name]).items()},
            }
            for name, title in published.PUBLISHED_VIEWS.items()
        },
    }


def _parameter(name: str, description: str) -> dict:
    return {"name": name, "in": "query", "required": False, "description": description, "schema": {"type": "string"}}


def openapi(base: str, computed: dict[str, views.View]) -> dict:
    """`GET /api/v1/openapi.json`: an OpenAPI 3.1 description of the API."""
    filters = [_parameter(name, FILTER_PARAMETERS[name]) for name in PARAMETER_NAMES]
    lang = _parameter("lang", "id (default) or en")
    error = {"description": "why", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
    paths: dict[str, dict] = {
        f"{base}/": {"get": {"summary": "The published views and their tables",
                             "responses": {"200": {"description": "the index"}}}},
    }
    for name, title in published.PUBLISHED_VIEWS.items():
        options = [_parameter(o, OPTION_DESCRIPTIONS[o]) for o in published.OPTION_PARAMETERS.get(name, ())]
        tables = list(published.published_tables(computed[name]))
        paths[f"{base}/{name}.json"] = {"get": {
            "summary": f"{i18n.t(title, 'en')}: every published table of the view",
            "parameters": [*filters, lang, *options],
            "responses": {"200": {"description": "the view", "headers": {"ETag": {"schema": {"type": "string"}}},
                                  "content": {"application/json": {"schema": {"$ref": "#/components/schemas/View"}}}},
                          "304": {"description": "not modified (If-None-Match)"}, "400": error, "404": error},
        }}
        paths[f"{base}/{name}.csv"] = {"get": {
            "summary": f"{i18n.t(title, 'en')}: one table as CSV",
            "parameters": [{"name": "table", "in": "query", "required": True,
                            "schema": {"type": "string", "enum": tables}}, *filters, lang, *options],
            "responses": {"200": {"description": "the table", "content": {"text/csv": {}}},
                          "304": {"description": "not modified (If-None-Match)"}, "400": error, "404": error},
        }}
    return {
        "openapi": "3.1.0",
        "info": {"title": "prakerja-dash published views", "version": "1",
                 "description": "Only published aggregates: cell-key adjusted, nothing over fewer than K alumni. "
                                "A hidden value is null, with `<measure>_suppressed` true."},
        "paths": paths,
        "components": {"schemas": {
            "View": {"type": "object", "required": ["view", "filters", "dataset_version", "k", "method", "tables"],
                     "properties": {"view": {"type": "string"}, "filters": {"type": "object"},
                                    "options": {"type": "object"}, "lang": {"type": "string"},
                                    "dataset_version": {"type": "string"}, "k": {"type": "integer"},
                                    "method": {"type": "string"},
                                    "tables": {"type": "object", "additionalProperties": {
                                        "type": "array", "items": {"type": "object"}}}}},
            "Error": {"type": "object", "properties": {"error": {"type": "string"}, "message": {"type": "string"},
                                                       "problems": {"type": "array", "items": {"type": "string"}}}},
        }},
    }
