#pragma once
// The front ends' door to prompt templates. The window (prompt panel, template manager, main window) and
// app/gui reach the template store of core/presets through the service, as the layer map asks (ui ↛
// presets except through the service; checked by tests/lint/test_layering.cpp). The store is plain data
// with JSON persistence (schema_version, migration) and needs no wrapping: this header names what the
// front ends may use.

#include "core/presets/prompt_template.h" // PromptTemplate, templatesFromJson / templatesToJson
#include "core/presets/template_store.h"  // TemplateStore: built-in + user templates, saved atomically
