/* readiness.c - buprenorphine induction readiness as decision support:
 * the unit's criteria (the protocol's `ready` lines) against the latest
 * score and the recorded last use of each opioid. It says whether the
 * criteria are met and what is missing; it never says to dose. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "vigil/chart.h"
#include "vigil/due.h"
#include "vigil/store.h"

#define PARTS_MAX (VIGIL_READY_AFTER_MAX + 2)

struct parts {
	size_t nmet, nmissing;
	char met[PARTS_MAX][96];
	char missing[PARTS_MAX][96];
};

/* "16 h", "40 min" */
static void since_words(int64_t seconds, char *buf, size_t size)
{
	if (seconds >= 3600)
		snprintf(buf, size, "%lld h", (long long)(seconds / 3600));
	else
		snprintf(buf, size, "%lld min", (long long)(seconds / 60));
}

/* The latest current last use of each kind the protocol waits for. */
struct uses {
	const vigil_protocol *p;
	size_t n;
	struct { const char *kind; vigil_time at; } latest[VIGIL_READY_AFTER_MAX];
};

static int take_use(const vigil_chart_entry *e, void *ctx)
{
	struct uses *u = ctx;
	const vigil_ready_after *r = vigil_protocol_ready_after(u->p, e->substance);
	if (!r)
		return 0; /* not an opioid the criteria wait for (alcohol, say) */
	for (size_t i = 0; i < u->n; i++)
		if (u->latest[i].kind == r->kind)
			return 0; /* newest first: already have the latest */
	if (u->n < VIGIL_READY_AFTER_MAX) {
		u->latest[u->n].kind = r->kind;
		u->latest[u->n++].at = e->at;
	}
	return 0;
}

static void score_part(const vigil_scale_state *sc, int need, struct parts *pt)
{
	const char *name = sc->def->name;
	if (need < 0)
		return;
	if (!sc->has_last)
		snprintf(pt->missing[pt->nmissing++], sizeof pt->missing[0], "no %s score yet", name);
	else if (sc->last_total >= need)
		snprintf(pt->met[pt->nmet++], sizeof pt->met[0], "%s %d >= %d", name,
		         sc->last_total, need);
	else
		snprintf(pt->missing[pt->nmissing++], sizeof pt->missing[0], "%s %d < %d", name,
		         sc->last_total, need);
}

static void use_parts(const struct uses *u, vigil_time now, struct parts *pt)
{
	if (u->n == 0) {
		snprintf(pt->missing[pt->nmissing++], sizeof pt->missing[0], "last use not recorded");
		return;
	}
	for (size_t i = 0; i < u->n; i++) {
		const vigil_ready_after *r = vigil_protocol_ready_after(u->p, u->latest[i].kind);
		char since[32], need[32];
		since_words(now - u->latest[i].at, since, sizeof since);
		since_words(r->after, need, sizeof need);
		bool ok = now - u->latest[i].at >= r->after;
		snprintf(ok ? pt->met[pt->nmet++] : pt->missing[pt->nmissing++], sizeof pt->met[0],
		         "%s since %s use %s %s", since, r->kind, ok ? ">=" : "<", need);
	}
}

static void join(char (*items)[96], size_t n, const char *sep, char *buf, size_t size)
{
	size_t len = strlen(buf);
	for (size_t i = 0; i < n && len < size; i++)
		len += (size_t)snprintf(buf + len, size - len, "%s%s", i ? sep : "", items[i]);
}

vigil_status vigil_readiness_get(vigil_session *session,
                                 const struct vigil_patient_state *state, vigil_time now,
                                 vigil_readiness *out, vigil_error *err)
{
	memset(out, 0, sizeof *out);
	const vigil_scale_state *sc = NULL;
	for (size_t i = 0; !sc && i < state->nscales; i++)
		if (state->scales[i].protocol && vigil_protocol_has_readiness(state->scales[i].protocol))
			sc = &state->scales[i];
	if (!sc) {
		snprintf(out->line, sizeof out->line,
		         "not monitored on a scale whose protocol has induction criteria");
		return VIGIL_OK;
	}
	const vigil_protocol *p = sc->protocol;
	out->applies = true;
	vigil_copy(out->protocol, sizeof out->protocol, p->name[0] ? p->name : sc->def->name);
	struct uses u = { .p = p };
	vigil_chart_query q = { .mrn = state->patient.mrn, .kinds = 1u << VIGIL_CHART_LAST_USE,
		                .to = now + 1 };
	vigil_status s = vigil_chart_each(session, &q, take_use, &u, err);
	if (s != VIGIL_OK)
		return s;
	struct parts pt = { .nmet = 0 };
	score_part(sc, vigil_protocol_ready_total(p), &pt);
	use_parts(&u, now, &pt);
	out->met = pt.nmissing == 0;
	if (out->met) {
		snprintf(out->line, sizeof out->line, "meets unit criteria: ");
		join(pt.met, pt.nmet, ", ", out->line, sizeof out->line);
	} else {
		snprintf(out->line, sizeof out->line, "criteria not met: ");
		join(pt.missing, pt.nmissing, "; ", out->line, sizeof out->line);
		if (pt.nmet) {
			size_t len = strlen(out->line);
			snprintf(out->line + len, sizeof out->line - len, " (met: ");
			join(pt.met, pt.nmet, ", ", out->line, sizeof out->line);
			len = strlen(out->line);
			snprintf(out->line + len, sizeof out->line - len, ")");
		}
	}
	return VIGIL_OK;
}
