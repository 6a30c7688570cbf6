/* corridor-store.h: the case store. One case is one SQLite file (WAL,
 * foreign keys, versioned schema with migrations). All SQL lives in
 * corridor-store.c; nothing SQLite-specific crosses this header, so another
 * backend can implement the same calls. Every write runs in a transaction. */
#pragma once

#include <glib-object.h>
#include <gio/gio.h>
#include "corridor-types.h"
#include "corridor-filter.h"
#include "corridor-sea-router.h"
#include "corridor-gazetteer.h"

G_BEGIN_DECLS

/* The schema version this build writes (PRAGMA user_version). */
#define CORRIDOR_STORE_SCHEMA_VERSION 7

typedef enum {
  CORRIDOR_STORE_OPEN_DEFAULT   = 0,      /* open an existing case read-write */
  CORRIDOR_STORE_OPEN_CREATE    = 1 << 0, /* create the case when the file does not exist */
  CORRIDOR_STORE_OPEN_READ_ONLY = 1 << 1, /* never write; migrations are not run */
} CorridorStoreOpenFlags;

#define CORRIDOR_TYPE_STORE (corridor_store_get_type ())
G_DECLARE_FINAL_TYPE (CorridorStore, corridor_store, CORRIDOR, STORE, GObject)

/* Opens @path. A file that is not a Corridor case fails with
 * CORRIDOR_ERROR_NOT_A_CASE, one from a newer schema with
 * CORRIDOR_ERROR_NEWER_VERSION; in both cases the file is left byte-for-byte
 * untouched. A missing file without OPEN_CREATE is CORRIDOR_ERROR_NOT_FOUND.
 * A new case file is created with mode 0600 and its ports table is seeded
 * from the bundled gazetteer. */
CorridorStore *corridor_store_open        (const char *path, CorridorStoreOpenFlags flags,
                                           GError **error);
const char    *corridor_store_get_path    (CorridorStore *self);
gboolean       corridor_store_is_read_only(CorridorStore *self);
int            corridor_store_get_schema_version (CorridorStore *self);

/* Explicit transactions group many writes (one per imported source).
 * Single write calls outside one run in their own. */
gboolean corridor_store_begin    (CorridorStore *self, GError **error);
gboolean corridor_store_commit   (CorridorStore *self, GError **error);
void     corridor_store_rollback (CorridorStore *self);

/* Key/value case metadata (title, created_at, demo label, …). */
gboolean corridor_store_set_meta (CorridorStore *self, const char *key, const char *value,
                                  GError **error);
char    *corridor_store_get_meta (CorridorStore *self, const char *key);

/* --- sources (chain of custody) --- */
typedef struct {
  gint64  id;
  char   *path;
  char   *sha256;            /* 64 lowercase hex */
  gint64  size;
  char   *format;            /* "jsonl", "csv", "whatsapp", "telegram", "ufdr", "synthetic" */
  char   *importer_version;
  char   *imported_at;       /* ISO 8601 UTC */
} CorridorSource;
void corridor_source_free (CorridorSource *src);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CorridorSource, corridor_source_free)

/* Adds a source and returns its id in @out_id. If a source with the same
 * sha256 exists, only the extra path is recorded, *@out_existed is TRUE and
 * @out_id is the existing source. */
gboolean   corridor_store_add_source   (CorridorStore *self, const char *path,
                                        const char *sha256, gint64 size, const char *format,
                                        const char *importer_version, gint64 *out_id,
                                        gboolean *out_existed, GError **error);
GPtrArray *corridor_store_list_sources (CorridorStore *self, GError **error); /* CorridorSource* */

/* --- messages and actors --- */
gboolean   corridor_store_add_message  (CorridorStore *self, gint64 source_id,
                                        const CorridorMessage *message, GError **error);
gint64     corridor_store_count_messages (CorridorStore *self);
/* Returns the actor's id, creating it if needed. */
gboolean   corridor_store_ensure_actor (CorridorStore *self, const char *handle,
                                        gint64 *out_id, GError **error);

/* --- ports --- */
gboolean   corridor_store_upsert_port  (CorridorStore *self, const CorridorPort *port,
                                        GError **error);
GPtrArray *corridor_store_list_ports   (CorridorStore *self, GError **error); /* CorridorPort* */
/* Whether the case's ports table holds @locode (cheaper than listing them). */
gboolean   corridor_store_has_port     (CorridorStore *self, const char *locode);

/* --- mentions (extracted spans) --- */
gboolean   corridor_store_add_mention  (CorridorStore *self, const char *message_id,
                                        const char *kind, const char *value,
                                        int span_start, int span_end,
                                        const char *extractor_version, GError **error);

/* --- shipments --- */
/* Inserts @shipment with its ports (leg order), actors and evidence ids.
 * When shipment->id is NULL a new "s-N" id is assigned and written back. */
gboolean   corridor_store_add_shipment (CorridorStore *self, CorridorShipment *shipment,
                                        GError **error);
/* Links a shipment field to the message and span behind it. */
gboolean   corridor_store_add_evidence (CorridorStore *self, const char *shipment_id,
                                        const char *message_id, const char *field,
                                        int span_start, int span_end, GError **error);
/* Shipments (origin and destination known) passing @filter, ordered by
 * departed (else arrived), then id. @filter may be NULL. */
GPtrArray *corridor_store_query_shipments (CorridorStore *self, const CorridorFilter *filter,
                                           GError **error); /* CorridorShipment* */
/* The shipment @id whatever its status and ports, as the query fills it;
 * NULL with CORRIDOR_ERROR_NOT_FOUND when the case has none by that id. */
CorridorShipment *corridor_store_get_shipment (CorridorStore *self, const char *id,
                                               GError **error);
gint64     corridor_store_count_shipments (CorridorStore *self);

/* --- audit log --- */
gboolean   corridor_store_audit (CorridorStore *self, const char *action, const char *object,
                                 const char *before_json, const char *after_json,
                                 GError **error);
gint64     corridor_store_count_audit (CorridorStore *self);
/* Recomputes the hash chain; FALSE with CORRIDOR_ERROR_CORRUPT and the first
 * bad entry's id in @out_bad_id when a row was altered, removed or reordered. */
gboolean   corridor_store_verify_audit (CorridorStore *self, gint64 *out_bad_id,
                                        GError **error);
/* One entry as stored; before_json/after_json are JSON text or NULL. */
typedef struct {
  gint64  id;
  char   *ts;            /* ISO 8601 UTC */
  char   *os_user;
  char   *action;        /* "import", "infer", "review.set", "export", "print", … */
  char   *object;        /* a path, a shipment id, …; may be NULL */
  char   *before_json, *after_json;
  char   *hash;          /* SHA-256 over the previous hash and every field */
} CorridorAuditEntry;
void corridor_audit_entry_free (CorridorAuditEntry *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CorridorAuditEntry, corridor_audit_entry_free)
/* Every entry, oldest first. */
GPtrArray *corridor_store_list_audit (CorridorStore *self, GError **error); /* CorridorAuditEntry* */

/* --- review: the analyst's decisions on a shipment --- */
typedef enum {
  CORRIDOR_REVIEW_CONFIRM,   /* status → confirmed */
  CORRIDOR_REVIEW_REJECT,    /* status → rejected */
  CORRIDOR_REVIEW_SET,       /* field = value; an empty value makes the field unknown */
  CORRIDOR_REVIEW_NOTE,      /* value is the note's text */
  CORRIDOR_REVIEW_UNNOTE,    /* value is a note's text: removes the shipment's newest note
                              * with exactly that text (the undo of NOTE) */
} CorridorReviewKind;

typedef struct {
  CorridorReviewKind  kind;
  const char         *field;  /* SET only: one of corridor_review_fields() */
  const char         *value;
} CorridorReviewAction;

/* The fields SET accepts, NULL-terminated: origin, destination, transit,
 * departed, arrived, quantity_kg, vessel, imo, concealment, outcome, grade,
 * status. status takes inferred, confirmed or rejected (so an undo can put a
 * decision back); it is a decision like CONFIRM, not a correction, and is
 * audited as "review.set". */
const char *const *corridor_review_fields (void);
/* Applies @actions to shipment @shipment_id in one transaction: all or none.
 * Each action that changes something is audited with the changed values
 * before and after as JSON; one that changes nothing is skipped. Ports take
 * a LOCODE or any gazetteer or case name or alias; transit a list separated
 * by ';' or ','; dates YYYY-MM-DD; an IMO number must pass its check digit;
 * grade is the Admiralty code, reliability A–F and credibility 1–6 ("B2").
 * Corrections, the grade and notes are kept by shipment id, so running
 * inference again re-applies them. An unknown shipment or port fails with
 * CORRIDOR_ERROR_NOT_FOUND, any other bad value with
 * CORRIDOR_ERROR_INVALID_ARGUMENT; @out_changed counts the audited changes. */
gboolean   corridor_store_review (CorridorStore *self, const char *shipment_id,
                                  const CorridorReviewAction *actions, guint n_actions,
                                  guint *out_changed, GError **error);

typedef struct {
  char *ts;              /* ISO 8601 UTC */
  char *os_user;
  char *text;
} CorridorReviewNote;

/* What an analyst added to one shipment beyond its own fields. */
typedef struct {
  char      *shipment_id;
  char      *grade;      /* "B2", or NULL */
  char     **corrected;  /* NULL-terminated field names the analyst set */
  GPtrArray *notes;      /* CorridorReviewNote*, oldest first */
} CorridorReview;
void corridor_review_free (CorridorReview *review);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CorridorReview, corridor_review_free)
/* shipment id -> CorridorReview*, for the shipments in the case that have a
 * correction, a grade or a note. */
GHashTable *corridor_store_list_reviews (CorridorStore *self, GError **error);

/* --- review: the shape of the findings (schema 7) ---
 * Every call below is one transaction and one audit entry (before and after
 * as JSON), refuses a read-only store with CORRIDOR_ERROR_READ_ONLY, fails
 * with CORRIDOR_ERROR_NOT_FOUND for an unknown shipment, message, handle or
 * LOCODE and with CORRIDOR_ERROR_INVALID_ARGUMENT for anything else it
 * refuses. `corridor infer` never undoes any of it: hand-made shipments are
 * left alone, merges and splits are applied again to the shipments
 * inference gives back under the same ids (corridor_store_reapply_structure),
 * actor merges and the case's ports live outside what inference rewrites. */

/* A shipment made by hand from @message_ids (NULL-terminated, at least one):
 * status confirmed, confidence 1, the messages its evidence, the senders and
 * recipients of those messages its actors with no known role. @actions are
 * SET actions (the review fields but status, and also "sender",
 * "intermediary" and "distributor" taking handles separated by ',' or ';'
 * to give those actors a role) and NOTE actions; origin and destination are
 * required. The id is "m-N", never reused; inference never touches the
 * shipment. Audited as "review.create". */
gboolean   corridor_store_create_shipment (CorridorStore *self, const char *const *message_ids,
                                           const CorridorReviewAction *actions, guint n_actions,
                                           char **out_id, GError **error);
/* The undo of create_shipment: only a hand-made "m-" shipment that takes
 * part in no merge ("review.delete"). */
gboolean   corridor_store_delete_manual_shipment (CorridorStore *self, const char *id,
                                                  GError **error);

/* Merges shipment @from_id into @into_id ("review.merge"): @from_id's
 * evidence, containers and actors are added to @into_id (marked, so an
 * unmerge takes exactly them back out), the fields @into_id does not know
 * and the analyst did not correct are taken from @from_id, and @from_id is
 * no longer listed. Neither may already be merged away. */
gboolean   corridor_store_merge_shipments   (CorridorStore *self, const char *into_id,
                                             const char *from_id, GError **error);
/* Takes the merge back ("review.unmerge"), also one left inert by inference. */
gboolean   corridor_store_unmerge_shipments (CorridorStore *self, const char *into_id,
                                             const char *from_id, GError **error);
/* Moves the evidence messages @message_ids (NULL-terminated; each must be
 * evidence of @id, not all of it) out of shipment @id into a new "m-N"
 * shipment ("review.split") with @id's status and confidence. The new one
 * takes each port of @id's route one of its messages names, and must then
 * have an origin and a destination; the other facts (dates, quantity,
 * vessel, concealment, outcome, containers) go with it when they rest only
 * on the messages split off (@id no longer knows them, unless the analyst
 * corrected them) and are shared when messages on both sides support them;
 * actors go with the messages they wrote or received. */
gboolean   corridor_store_split_shipment    (CorridorStore *self, const char *id,
                                             const char *const *message_ids,
                                             char **out_new_id, GError **error);
/* Puts a split back ("review.unsplit"): the messages and the facts that
 * went with them return to @id and @new_id is removed. */
gboolean   corridor_store_unsplit_shipment  (CorridorStore *self, const char *id,
                                             const char *new_id, GError **error);

typedef enum {
  CORRIDOR_STRUCTURE_MERGE,
  CORRIDOR_STRUCTURE_SPLIT,
} CorridorStructureKind;
/* A recorded merge or split, in the order they were made (and are applied
 * again after inference). */
typedef struct {
  CorridorStructureKind  kind;
  char                  *target_id;   /* merge: the shipment kept; split: the one split */
  char                  *other_id;    /* merge: the one merged in (not listed while the
                                       * merge applies); split: the new shipment */
  char                 **messages;    /* split: the messages split off; merge: NULL */
  gboolean               inert;       /* after re-inference one of the shipments (or, for
                                       * a split, its messages) is gone: kept, not applied */
  char                  *created_at;  /* ISO 8601 UTC */
} CorridorStructureEdit;
void corridor_structure_edit_free (CorridorStructureEdit *edit);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CorridorStructureEdit, corridor_structure_edit_free)
/* Every merge and split, oldest first (CorridorStructureEdit*). */
GPtrArray *corridor_store_list_structure_edits (CorridorStore *self, GError **error);

/* One person, several handles: @alias_handle counts as @canonical_handle
 * (followed to the handle it is itself merged into) wherever actors are
 * listed, counted or filtered: shipments' actors, contacts, actor roles and
 * summaries (the alias among the canonical's aliases), the actor filter and
 * list_messages (actor). Messages keep their original sender and
 * recipients. Refuses an alias already merged and a merge that would make
 * a cycle ("review.merge-actors"). */
gboolean   corridor_store_merge_actors  (CorridorStore *self, const char *alias_handle,
                                         const char *canonical_handle, GError **error);
/* The undo ("review.unmerge-actor"); handles merged into @alias_handle stay so. */
gboolean   corridor_store_unmerge_actor (CorridorStore *self, const char *alias_handle,
                                         GError **error);
typedef struct {
  char *alias;
  char *canonical;   /* as the analyst gave it */
  char *root;        /* the handle it counts as */
} CorridorActorMerge;
void corridor_actor_merge_free (CorridorActorMerge *merge);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CorridorActorMerge, corridor_actor_merge_free)
/* Every actor merge, by alias (CorridorActorMerge*). */
GPtrArray *corridor_store_list_actor_merges (CorridorStore *self, GError **error);

/* The case gazetteer: ports and aliases the analyst adds to the bundled
 * gazetteer for this case. `corridor infer` extracts them and port filters
 * resolve them (corridor_store_load_gazetteer). A name or alias must not
 * already name a port, bundled or the case's. */
/* A new port: a LOCODE neither the case nor the bundled gazetteer has, a
 * name, lat/lon in degrees, country the LOCODE's prefix (NULL: taken from
 * it), optional aliases ("gazetteer.add-port"). */
gboolean   corridor_store_add_case_port     (CorridorStore *self, const CorridorPort *port,
                                             GError **error);
/* The undo: only a port added this way that no shipment, lead or
 * correction uses ("gazetteer.remove-port"). */
gboolean   corridor_store_remove_case_port  (CorridorStore *self, const char *locode,
                                             GError **error);
/* Another name for port @locode (any port of the case) ("gazetteer.add-alias"). */
gboolean   corridor_store_add_port_alias    (CorridorStore *self, const char *locode,
                                             const char *alias, GError **error);
/* The undo: only an alias added this way ("gazetteer.remove-alias"). */
gboolean   corridor_store_remove_port_alias (CorridorStore *self, const char *locode,
                                             const char *alias, GError **error);
/* A new gazetteer: the bundled one with the case's own ports (and any port
 * of the case it lacks) and the analyst's aliases laid over it; bundled
 * names keep precedence. What extraction and port filters resolve. */
CorridorGazetteer *corridor_store_load_gazetteer (CorridorStore *self, GError **error);

/* --- network metadata --- */
typedef struct {
  char  *a, *b;   /* handles, a < b */
  guint  n;       /* messages between them, either direction */
} CorridorContact;
void corridor_contact_free (CorridorContact *c);
/* Who wrote to whom (undirected), from messages and their recipients. */
GPtrArray  *corridor_store_list_contacts (CorridorStore *self, GError **error); /* CorridorContact* */
/* handle -> majority role ("sender", …) over inferred and confirmed shipments. */
GHashTable *corridor_store_actor_roles   (CorridorStore *self, GError **error);

/* --- sea route cache (schema 2) --- */
/* The cached route for @key made by router @version, or NULL. */
CorridorSeaRoute *corridor_store_get_sea_route (CorridorStore *self, const char *key, int version);
gboolean   corridor_store_put_sea_route (CorridorStore *self, const char *key, int version,
                                         const CorridorSeaRoute *route, GError **error);

/* --- import --- */
/* The importers' fast path. All but the reads need the caller's open
 * transaction (corridor_store_begin) and add no savepoint of their own. */
/* Whether messages of other sources exist (so duplicates must be looked
 * for); adds the (sender, ts) index the lookup uses when they do. */
gboolean corridor_store_import_prepare (CorridorStore *self, gint64 source_id,
                                        gboolean *out_others, GError **error);
/* Before a load of about @expected_rows messages that is large against the
 * case, drops the message indexes the import itself never reads; the commit
 * rebuilds them in the same transaction (a rollback brings them back). */
gboolean corridor_store_import_defer_indexes (CorridorStore *self, gint64 expected_rows,
                                              GError **error);
/* Inserts @m with already-resolved actor ids. An id already in the case
 * fails with CORRIDOR_ERROR_INVALID_ARGUMENT. */
gboolean corridor_store_import_message (CorridorStore *self, gint64 source_id,
                                        const CorridorMessage *m, gint64 sender_id,
                                        const gint64 *recipient_ids, guint n_recipients,
                                        gint64 *out_rowid, GError **error);
/* The source of the message @message_id; FALSE when there is none. */
gboolean corridor_store_message_source (CorridorStore *self, const char *message_id,
                                        gint64 *out_source_id);
/* An earlier copy of a message from another source: same sender and body,
 * timestamps within 2 minutes (FORMATS.md §1, Duplicates). */
gboolean corridor_store_find_duplicate_message (CorridorStore *self, gint64 source_id,
                                                gint64 sender_id, gint64 ts,
                                                const char *body, gint64 *out_rowid);
gboolean corridor_store_link_duplicate (CorridorStore *self, gint64 message_rowid,
                                        gint64 duplicate_of, GError **error);
gboolean corridor_store_add_actor_alias (CorridorStore *self, gint64 actor_id,
                                         const char *alias, GError **error);
gint64   corridor_store_count_source_messages (CorridorStore *self, gint64 source_id);
/* PRAGMA integrity_check; CORRIDOR_ERROR_CORRUPT naming the problems. */
gboolean corridor_store_check_integrity (CorridorStore *self, GError **error);

/* --- inference --- */
/* One message as inference reads it; every pointer is borrowed for the
 * duration of the callback only. */
typedef gboolean (*CorridorStoreMessageFunc) (gint64 rowid, const CorridorMessage *message,
                                              gpointer user_data);
/* Calls @func for every message in (ts, rowid) order, skipping copies linked
 * as duplicates in message_links so each counts once. @func returning FALSE
 * stops the walk (not an error). */
gboolean   corridor_store_foreach_message (CorridorStore *self, CorridorStoreMessageFunc func,
                                           gpointer user_data, GError **error);
/* The next three need the caller's open transaction. */
gboolean   corridor_store_clear_mentions  (CorridorStore *self, GError **error);
gboolean   corridor_store_add_mention_full (CorridorStore *self, gint64 message_rowid,
                                            const char *kind, const char *value, double number,
                                            const char *qualifier, double confidence,
                                            int span_start, int span_end,
                                            const char *extractor_version, GError **error);
/* clear_mentions drops the mention indexes so the writes go fast; this
 * builds them again (commit does it otherwise). */
gboolean   corridor_store_finish_mentions (CorridorStore *self, GError **error);
/* Removes inferred shipments (never confirmed or rejected ones, nor the
 * analyst's "m-" shipments) and all leads. */
gboolean   corridor_store_clear_inferred  (CorridorStore *self, GError **error);
/* After inference has written its shipments: applies the recorded merges
 * and splits again, in the order they were made, to the shipments that came
 * back; one whose shipment is gone is kept but marked inert (and applies
 * again once it returns). Needs the caller's open transaction. */
gboolean   corridor_store_reapply_structure (CorridorStore *self, GError **error);
/* The shipment id recorded for @key, or NULL; and whether @id names a
 * shipment an analyst decided (confirmed or rejected). */
char      *corridor_store_shipment_key_lookup (CorridorStore *self, const char *key);
gboolean   corridor_store_shipment_key_put    (CorridorStore *self, const char *key,
                                               const char *id, GError **error);
gboolean   corridor_store_shipment_is_decided (CorridorStore *self, const char *id);
gboolean   corridor_store_add_evidence_rowid  (CorridorStore *self, const char *shipment_id,
                                               gint64 message_rowid, const char *field,
                                               int span_start, int span_end, GError **error);
/* The same for many rows of one shipment, in order. */
typedef struct {
  gint64      message_rowid;
  const char *field;                 /* NULL: the message supports the whole shipment */
  int         span_start, span_end;  /* -1: no span */
} CorridorStoreEvidence;
gboolean   corridor_store_add_evidence_rows   (CorridorStore *self, const char *shipment_id,
                                               const CorridorStoreEvidence *rows, guint n_rows,
                                               GError **error);

/* A finding with one known port (FORMATS.md §3). */
typedef struct {
  char    *id;            /* "l-N" */
  char    *locode;
  char    *name;
  double   lat, lon;
  char    *port_role;     /* "origin", "transit", "destination" or NULL */
  char    *date;          /* YYYY-MM-DD or NULL */
  double   quantity_kg;   /* NAN when unknown */
  char   **containers;    /* NULL-terminated */
  char    *vessel_name, *vessel_imo, *concealment;
  CorridorOutcome outcome;
  double   confidence;
  char   **evidence;      /* message ids */
} CorridorLead;
void corridor_lead_free (CorridorLead *lead);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CorridorLead, corridor_lead_free)
/* Adds @lead; its id is assigned when NULL. */
gboolean   corridor_store_add_lead   (CorridorStore *self, CorridorLead *lead, GError **error);
/* Leads passing the port and date terms of @filter (NULL: all), by date then id. */
GPtrArray *corridor_store_list_leads (CorridorStore *self, const CorridorFilter *filter,
                                      GError **error); /* CorridorLead* */

/* Messages of a shipment's evidence, of an actor (sent or received), or
 * whose body contains @search (case-insensitive); exactly one is non-NULL.
 * Ordered by ts, then rowid. */
GPtrArray *corridor_store_list_messages (CorridorStore *self, const char *shipment_id,
                                         const char *actor, const char *search,
                                         GError **error); /* CorridorMessage* */
/* One evidence row of a shipment: a field and the message and span behind it. */
typedef struct {
  char            *field;        /* "origin", "transit", "destination", "departed",
                                  * "arrived", "quantity_kg", "containers", "vessel",
                                  * "concealment", "outcome", or NULL (context only) */
  int              span_start;   /* characters into message->body, end exclusive; */
  int              span_end;     /* -1 when the row has no span */
  CorridorMessage *message;
  char            *source_path;  /* the first path its source was imported from, or NULL */
} CorridorEvidence;
void corridor_evidence_free (CorridorEvidence *e);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CorridorEvidence, corridor_evidence_free)
/* Every evidence row of shipment @shipment_id (a message may appear once per
 * field it supports), ordered by the message's ts, rowid, then row. An
 * unknown id gives an empty array. */
GPtrArray *corridor_store_list_evidence (CorridorStore *self, const char *shipment_id,
                                         GError **error); /* CorridorEvidence* */

typedef struct {
  char  *handle;
  char **aliases;                 /* NULL-terminated */
  guint  roles[CORRIDOR_N_ROLES]; /* shipments (inferred and confirmed) per role */
  guint  messages;                /* sent or received */
} CorridorActorSummary;
void corridor_actor_summary_free (CorridorActorSummary *a);
/* Every actor, by handle. */
GPtrArray *corridor_store_list_actor_summaries (CorridorStore *self, GError **error);

/* --- messages: search and conversations --- */
/* A message that matched a search: where in its body, and which
 * conversation it belongs to. */
typedef struct {
  CorridorMessage *message;
  GArray          *spans;         /* ints, start then end (exclusive) pairs: characters
                                   * into message->body, in order; may be empty */
  char            *source_path;   /* the first path its source was imported from, or NULL */
  char            *conversation;  /* its conversation's key (CorridorConversation) */
} CorridorMessageHit;
void corridor_message_hit_free (CorridorMessageHit *hit);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CorridorMessageHit, corridor_message_hit_free)

/* Messages whose body holds every word of @text (split at white space),
 * case- and accent-insensitive ("ámberes" finds "Amberes"), the last word
 * also as the start of a longer one unless @text ends in a space. Quotes,
 * operators and SQL in @text are plain text. When no word of @text has a
 * letter or digit (only punctuation, or nothing), its body must contain
 * @text itself, ASCII case-insensitive, as LIKE compares: "" matches every
 * message. With @limit > 0, the @limit best matches. Hits come by the
 * message's ts, then rowid (CorridorMessageHit*). The word index is derived
 * data, made on the first search and brought up to date with newer
 * messages by each one, in its own transactions (imports do no indexing);
 * on a read-only store, or while another connection holds the write lock,
 * the messages the case's index lacks are indexed in a TEMP table of this
 * connection instead. Cancelling fails with G_IO_ERROR_CANCELLED. */
GPtrArray *corridor_store_search_messages (CorridorStore *self, const char *text, guint limit,
                                           GCancellable *cancellable, GError **error);

/* A conversation: two actors' direct messages (either way, from any
 * source), or a group chat: the messages to nobody or to several in one
 * chat (importers' ids are "platform:chat:message"), else those from and to
 * one same set of actors. A copy linked as a duplicate counts once. */
typedef struct {
  char     *key;           /* opaque, stable while the case's messages are */
  char    **members;       /* handles, sorted, NULL-terminated */
  char     *chat;          /* a group chat's name as its ids carry it, or NULL */
  gboolean  group;
  guint     n_messages;
  char     *first_ts;      /* ISO 8601 UTC */
  char     *last_ts;
} CorridorConversation;
void corridor_conversation_free (CorridorConversation *c);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CorridorConversation, corridor_conversation_free)
/* Every conversation, the latest last message first (CorridorConversation*). */
GPtrArray *corridor_store_list_conversations (CorridorStore *self, GError **error);

/* Part of one conversation, in order. */
typedef struct {
  char      *key;
  GPtrArray *messages;     /* CorridorMessage*, by ts then rowid */
  guint      offset;       /* where messages[0] is in the conversation */
  guint      total;        /* messages in the conversation */
  int        around;       /* index in messages of the message asked for, or -1 */
} CorridorConversationPage;
void corridor_conversation_page_free (CorridorConversationPage *page);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CorridorConversationPage, corridor_conversation_page_free)
/* Message @around_message_id of conversation @key with up to @before
 * messages before it and @after after it. @key NULL: the message's own
 * conversation; @around_message_id NULL: from the conversation's first
 * message. A copy linked as a duplicate stands for its original. To page
 * further, ask around the first message shown with only @before, or the
 * last with only @after. An unknown key or message, or a message not in
 * @key, fails with CORRIDOR_ERROR_NOT_FOUND. */
CorridorConversationPage *corridor_store_conversation_messages (CorridorStore *self,
                                                                const char *key,
                                                                const char *around_message_id,
                                                                guint before, guint after,
                                                                GError **error);

G_END_DECLS
