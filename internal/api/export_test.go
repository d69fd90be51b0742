package api

// OpenAPIDoc is the embedded OpenAPI document, for the external tests.
var OpenAPIDoc = openAPIDoc
