/* task_json.c: a task as the JSON object every --json output shares. */
#include "core/task_json.h"

#include "core/lifecycle.h"

/* A scalar as text ("yes", "3", "2026-11-22"); null for a list or mapping. */
static json_t *text_field(const struct fields *f, const char *key)
{
	const struct value *v = fields_get(f, key);
	struct strbuf sb = STRBUF_INIT;
	json_t *j;

	if (!v || v->type == VALUE_UNKNOWN || v->type == VALUE_LIST || v->type == VALUE_MAP)
		return json_null();
	if (v->type == VALUE_STRING)
		return json_from_str(v->string);
	value_format(&sb, v);
	j = json_from_str(sb.buf);
	strbuf_release(&sb);
	return j;
}

static json_t *typed_field(const struct fields *f, const char *key, enum value_type type)
{
	const struct value *v = fields_get(f, key);

	return v && v->type == type ? json_from_value(v) : json_null();
}

static json_t *tags_field(const struct fields *f)
{
	const struct value *v = fields_get(f, "tags");
	json_t *a;

	if (v && v->type == VALUE_LIST)
		return json_from_value(v);
	a = json_array();
	if (v && v->type != VALUE_UNKNOWN && v->type != VALUE_MAP)
		json_array_append_new(a, json_from_value(v));
	return a;
}

json_t *task_json(const struct task *t)
{
	static const char *const text_keys[] = { "decision", "rule", "because" };
	static const char *const date_keys[] = { "given", "follow_up", "due", "completed" };
	static const char *const number_keys[] = { "rating", "hours", "cost" };
	const struct fields *f = &t->fields;
	json_t *o = json_object();
	json_t *status = text_field(f, "status");
	struct lc_state st;
	enum status known;

	/* one spelling of each status and decision, whatever the case written */
	lc_state_read(&st, f, NULL);
	if (fields_string(f, "status") && !status_parse(fields_string(f, "status"), &known)) {
		json_decref(status);
		status = json_string(status_name(known));
	}
	json_object_set_new(o, "id", json_from_str(t->id));
	json_object_set_new(o, "path", json_from_str(t->path));
	json_object_set_new(o, "title", json_from_str(t->title));
	if (json_is_null(status)) {
		json_decref(status);
		status = json_string("inbox");
	}
	json_object_set_new(o, "status", status);
	for (size_t i = 0; i < ARRAY_SIZE(text_keys); i++)
		json_object_set_new(o, text_keys[i],
		                    i == 0 && st.decision != DECISION_NONE
		                        ? json_string(decision_name(st.decision))
		                        : text_field(f, text_keys[i]));
	json_object_set_new(o, "decided", typed_field(f, "decided", VALUE_DATE));
	json_object_set_new(o, "channel", text_field(f, "channel"));
	json_object_set_new(o, "to", text_field(f, "to"));
	for (size_t i = 0; i < ARRAY_SIZE(date_keys); i++)
		json_object_set_new(o, date_keys[i], typed_field(f, date_keys[i], VALUE_DATE));
	for (size_t i = 0; i < ARRAY_SIZE(number_keys); i++)
		json_object_set_new(o, number_keys[i],
		                    typed_field(f, number_keys[i], VALUE_NUMBER));
	json_object_set_new(o, "tags", tags_field(f));
	json_object_set_new(o, "checks_done", json_integer(t->checks_done));
	json_object_set_new(o, "checks_total", json_integer(t->checks_total));
	json_object_set_new(o, "fields", json_from_fields(f));
	return o;
}
