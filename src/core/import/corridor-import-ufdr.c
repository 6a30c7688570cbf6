/* corridor-import-ufdr.c: Cellebrite UFDR reports (FORMATS.md §1). A UFDR is a
 * ZIP read with libarchive; its report.xml is streamed straight out of the
 * archive into libxml2's xmlTextReader, never extracted and never held whole,
 * so memory stays bounded whatever the report's size. Invariants: an archive
 * with an absolute or ".." entry name, a report.xml that inflates past its
 * declared size, CORRIDOR_UFDR_MAX_REPORT or 100:1 compression, a DTD or
 * malformed XML is refused whole; only a bad message model (or chat) is a bad
 * record that --skip-bad may skip.
 *
 * What is accepted (namespace http://pa.cellebrite.com/report/2.0):
 *
 *   <project xmlns="…/report/2.0">            root; anything else is refused
 *     <decodedData>
 *       <modelType type="Chat">
 *         <model type="Chat" id="C" deleted_state="Intact" decoding_confidence="High">
 *           <field name="Source"><value type="String">WhatsApp</value></field>
 *           <field name="Name"><value …>group name</value></field>   (or <empty/>)
 *           <multiModelField name="Participants"> <model type="Party">… </multiModelField>
 *           <multiModelField name="Messages">
 *             <model type="InstantMessage" id="M" deleted_state="Deleted" decoding_confidence="High">
 *               <field name="Body"><value type="String"><![CDATA[text]]></value></field>
 *               <field name="TimeStamp"><value type="TimeStamp">2021-02-14T09:31:22.000+01:00</value></field>
 *               <modelField name="From"><model type="Party">
 *                 <field name="Identifier">…</field> <field name="Name">…</field>
 *                 <field name="IsPhoneOwner">True</field></model></modelField>
 *               <multiModelField name="To"> <model type="Party">…</model>… </multiModelField>
 *               <modelField name="Position"><model type="Coordinate">
 *                 <field name="Latitude">51.29</field> <field name="Longitude">4.31</field></model></modelField>
 *               <multiModelField name="Attachments"> <model type="Attachment">… </multiModelField>
 *
 * - Message ids are `ufdr:<chat model id>:<message model id>`.
 * - A Party's handle is its Identifier, else its Name; the Name becomes the
 *   actor's alias. A sender named "System Message" marks a system message,
 *   passed over like Telegram's service messages. Other model types inside
 *   Messages are passed over too.
 * - `To` gives the recipients. When it is empty, a chat whose Participants
 *   (written before Messages, as UFED does) are exactly two makes the other
 *   participant the recipient; otherwise the message has none (a group).
 * - TimeStamp is ISO 8601; one without an offset needs --tz.
 * - A message without Body but with attachments reads "<attachment omitted>".
 * - Provenance goes into the message's extra JSON: platform "ufdr", app
 *   (the chat's Source), chat (its Name), chat_id, chat_deleted_state,
 *   chat_decoding_confidence, deleted_state, decoding_confidence, from_name,
 *   from_owner, attachments, and the message's other plain fields under
 *   "fields" (the first CORRIDOR_UFDR_MAX_EXTRA_FIELDS).
 * - Only direct children count: models nested deeper (quoted or forwarded
 *   messages, attachments' metadata) are skipped, never taken as messages. */
#include "corridor-import-private.h"
#include "corridor-error.h"

#include <archive.h>
#include <archive_entry.h>
#include <json-glib/json-glib.h>
#include <libxml/xmlreader.h>
#include <math.h>
#include <string.h>

#define CELLEBRITE_NS "http://pa.cellebrite.com/report/2.0"
#define REPORT_ENTRY  "report.xml"

/* A report.xml larger than this is refused: reading it would take hours and
 * no phone's chats need it. */
#define CORRIDOR_UFDR_MAX_REPORT (G_GINT64_CONSTANT (8) * 1024 * 1024 * 1024)
/* Zip bombs are caught by corridor-import-zip.c for every ZIP reader.
 * Bounds per message model, so one hostile model cannot grow memory; a body
 * is held to the cap every importer applies. */
#define CORRIDOR_UFDR_MAX_VALUE         (64 * 1024)
#define CORRIDOR_UFDR_MAX_ID            256
#define CORRIDOR_UFDR_MAX_RECIPIENTS    256
#define CORRIDOR_UFDR_MAX_EXTRA_FIELDS  32
#define CORRIDOR_UFDR_MAX_DEPTH         64

/* ---------------------------------------------------------------------------
 * The archive
 * ------------------------------------------------------------------------- */

gboolean
corridor_import_sniff_ufdr (const char *path, const char *head, gsize len)
{
  struct archive *a;
  struct archive_entry *e;
  gboolean found = FALSE;
  int r;

  g_return_val_if_fail (path != NULL, FALSE);

  if (len < 4 || memcmp (head, "PK\003\004", 4) != 0)
    return FALSE;
  a = corridor_zip_open (path);
  if (a == NULL)
    return FALSE;
  while (!found && ((r = archive_read_next_header (a, &e)) == ARCHIVE_OK || r == ARCHIVE_WARN))
    found = g_strcmp0 (corridor_zip_entry_name (e), REPORT_ENTRY) == 0;
  archive_read_free (a);
  return found;
}

/* The first pass: every entry name is safe, there is one report.xml and its
 * declared size is sane. Seekable ZIPs are read from the central directory,
 * so this costs no inflating. */
static gboolean
check_archive (CorridorImportCtx *ctx, gint64 *out_declared, GError **error)
{
  struct archive *a = corridor_zip_open (ctx->path);
  struct archive_entry *e;
  guint reports = 0;
  gint64 declared = -1;
  int r;

  if (a == NULL)
    {
      g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_CORRUPT,
                   "%s: not a readable ZIP archive", ctx->path);
      return FALSE;
    }
  while ((r = archive_read_next_header (a, &e)) == ARCHIVE_OK || r == ARCHIVE_WARN)
    {
      const char *name = corridor_zip_entry_name (e);

      if (corridor_zip_entry_name_unsafe (name))
        {
          g_autofree char *shown = corridor_zip_printable_name (name);

          g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_CORRUPT,
                       "%s: ZIP entry “%s” has an absolute path or a “..” component; "
                       "an archive that tries to escape its folder is refused", ctx->path, shown);
          archive_read_free (a);
          return FALSE;
        }
      if (strcmp (name, REPORT_ENTRY) == 0)
        {
          reports++;
          declared = archive_entry_size_is_set (e) ? archive_entry_size (e) : -1;
        }
      if (!corridor_import_tick (ctx, archive_filter_bytes (a, -1), error))
        {
          archive_read_free (a);
          return FALSE;
        }
    }
  if (r != ARCHIVE_EOF)
    {
      g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_CORRUPT,
                   "%s: truncated or damaged ZIP archive: %s", ctx->path,
                   archive_error_string (a) != NULL ? archive_error_string (a) : "read error");
      archive_read_free (a);
      return FALSE;
    }
  archive_read_free (a);
  if (reports == 0)
    {
      g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_CORRUPT,
                   "%s: the archive holds no %s", ctx->path, REPORT_ENTRY);
      return FALSE;
    }
  if (reports > 1)
    {
      g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_CORRUPT,
                   "%s: the archive holds %u entries named %s; which one is the report is "
                   "ambiguous", ctx->path, reports, REPORT_ENTRY);
      return FALSE;
    }
  if (!corridor_zip_check_declared (ctx->path, REPORT_ENTRY, declared, CORRIDOR_UFDR_MAX_REPORT,
                                    ctx->size, error))
    return FALSE;
  *out_declared = declared;
  return TRUE;
}

/* report.xml as libxml2 pulls it, with the shared bomb checks on what
 * really inflates (a header may lie). */
typedef CorridorZipStream ZipStream;

static int
zip_stream_read (void *user_data, char *buffer, int len)
{
  return (int) corridor_zip_stream_read (user_data, buffer, (gsize) MAX (len, 0));
}

static int
zip_stream_close (void *user_data)
{
  return 0;   /* the archive is freed by its owner */
}

/* ---------------------------------------------------------------------------
 * The report
 * ------------------------------------------------------------------------- */

typedef enum {
  EL_OTHER,
  EL_PROJECT,
  EL_DECODED,
  EL_MODELTYPE,
  EL_MODEL,
  EL_FIELD,
  EL_VALUE,
  EL_MODELFIELD,
  EL_MULTIMODELFIELD,
} ElementKind;

/* What a model (or a field's owner) is to the importer. */
typedef enum {
  ROLE_NONE,
  ROLE_CHAT_TYPE,     /* modelType type="Chat" */
  ROLE_CHAT,
  ROLE_MESSAGES,      /* the chat's multiModelField "Messages" */
  ROLE_PARTICIPANTS,
  ROLE_MESSAGE,
  ROLE_FROM_FIELD,
  ROLE_TO_FIELD,
  ROLE_POSITION_FIELD,
  ROLE_ATTACHMENTS,
  ROLE_FROM,          /* Party models */
  ROLE_TO,
  ROLE_PARTICIPANT,
  ROLE_COORDINATE,
  ROLE_VALUE_FIELD,   /* a field whose value is read */
} Role;

typedef struct {
  ElementKind kind;
  Role        role;
  char       *name;   /* a read field's name */
} Frame;

typedef struct {
  CorridorImportCtx *ctx;
  xmlTextReaderPtr   reader;
  ZipStream         *zip;
  GArray            *stack;           /* Frame */
  gboolean           seen_root;
  xmlError          *first_error;     /* libxml2's, copied */
  gboolean           used_tz;

  /* The current chat. */
  guint      chat_line;
  gboolean   chat_skip;
  char      *chat_id, *chat_deleted, *chat_confidence, *chat_name, *chat_app;
  GPtrArray *participants;            /* up to 3 distinct handles */

  /* The current message. */
  guint      msg_line;
  char      *msg_id, *msg_deleted, *msg_confidence;
  char      *msg_bad;                 /* the first problem */
  GString   *body;
  gboolean   has_body;
  char      *ts;
  char      *from_handle, *from_name;
  gboolean   from_owner, from_system;
  GPtrArray *to;
  char      *lat, *lon;
  guint      attachments;
  GPtrArray *extra_names, *extra_values;

  /* The current Party or Coordinate. */
  char      *party_identifier, *party_name;
  gboolean   party_owner;

  /* The current field's value. */
  GString   *value;
  gboolean   value_seen, value_too_long;
} Parser;

static void
frame_clear (Frame *f)
{
  g_clear_pointer (&f->name, g_free);
}

static void
message_reset (Parser *p)
{
  g_clear_pointer (&p->msg_id, g_free);
  g_clear_pointer (&p->msg_deleted, g_free);
  g_clear_pointer (&p->msg_confidence, g_free);
  g_clear_pointer (&p->msg_bad, g_free);
  g_string_truncate (p->body, 0);
  p->has_body = FALSE;
  g_clear_pointer (&p->ts, g_free);
  g_clear_pointer (&p->from_handle, g_free);
  g_clear_pointer (&p->from_name, g_free);
  p->from_owner = p->from_system = FALSE;
  g_ptr_array_set_size (p->to, 0);
  g_clear_pointer (&p->lat, g_free);
  g_clear_pointer (&p->lon, g_free);
  p->attachments = 0;
  g_ptr_array_set_size (p->extra_names, 0);
  g_ptr_array_set_size (p->extra_values, 0);
}

static void
chat_reset (Parser *p)
{
  g_clear_pointer (&p->chat_id, g_free);
  g_clear_pointer (&p->chat_deleted, g_free);
  g_clear_pointer (&p->chat_confidence, g_free);
  g_clear_pointer (&p->chat_name, g_free);
  g_clear_pointer (&p->chat_app, g_free);
  g_ptr_array_set_size (p->participants, 0);
  p->chat_skip = FALSE;
}

static void
party_reset (Parser *p)
{
  g_clear_pointer (&p->party_identifier, g_free);
  g_clear_pointer (&p->party_name, g_free);
  p->party_owner = FALSE;
}

static void
message_bad (Parser *p, const char *format, ...) G_GNUC_PRINTF (2, 3);

static void
message_bad (Parser *p, const char *format, ...)
{
  va_list ap;

  if (p->msg_bad != NULL)
    return;
  va_start (ap, format);
  p->msg_bad = g_strdup_vprintf (format, ap);
  va_end (ap);
}

/* The line of the current node's start tag. libxml2 keeps element lines in
 * 16 bits; past 65535 the parser's position (a chunk ahead at most) is the
 * best there is. */
static guint
current_line (Parser *p)
{
  xmlNodePtr node = xmlTextReaderCurrentNode (p->reader);
  long line = node != NULL ? xmlGetLineNo (node) : -1;

  if (line <= 0 || line >= 65535)
    line = xmlTextReaderGetParserLineNumber (p->reader);
  return line > 0 ? (guint) line : 0;
}

static char *
attribute (Parser *p, const char *name)
{
  xmlChar *v = xmlTextReaderGetAttribute (p->reader, (const xmlChar *) name);
  char *out;

  if (v == NULL)
    return NULL;
  out = g_strdup ((const char *) v);
  xmlFree (v);
  return out;
}

static Frame *
frame_at (Parser *p, guint up)
{
  if (up >= p->stack->len)
    return NULL;
  return &g_array_index (p->stack, Frame, p->stack->len - 1 - up);
}

static Role
parent_role (Parser *p)
{
  Frame *f = frame_at (p, 0);

  return f != NULL ? f->role : ROLE_NONE;
}

static ElementKind
element_kind (const char *local, const char *ns)
{
  if (ns == NULL || strcmp (ns, CELLEBRITE_NS) != 0)
    return EL_OTHER;
  if (strcmp (local, "model") == 0)
    return EL_MODEL;
  if (strcmp (local, "field") == 0)
    return EL_FIELD;
  if (strcmp (local, "value") == 0)
    return EL_VALUE;
  if (strcmp (local, "modelField") == 0)
    return EL_MODELFIELD;
  if (strcmp (local, "multiModelField") == 0)
    return EL_MULTIMODELFIELD;
  if (strcmp (local, "modelType") == 0)
    return EL_MODELTYPE;
  if (strcmp (local, "decodedData") == 0)
    return EL_DECODED;
  if (strcmp (local, "project") == 0)
    return EL_PROJECT;
  return EL_OTHER;
}

static gboolean
is_model_owner (Role r)
{
  return r == ROLE_CHAT || r == ROLE_MESSAGE || r == ROLE_FROM || r == ROLE_TO ||
         r == ROLE_PARTICIPANT || r == ROLE_COORDINATE;
}

/* A model attribute kept as provenance or an id, bounded. */
static char *
model_attribute (Parser *p, const char *name)
{
  char *v = attribute (p, name);

  if (v != NULL && strlen (v) > CORRIDOR_UFDR_MAX_ID)
    {
      g_free (v);
      return g_strdup ("");   /* caught as a bad id below; provenance is advisory */
    }
  return v;
}

static gboolean
start_model (Parser *p, Frame *f, GError **error)
{
  Role parent = parent_role (p);
  g_autofree char *type = attribute (p, "type");

  switch (parent)
    {
    case ROLE_CHAT_TYPE:
      if (g_strcmp0 (type, "Chat") != 0)
        return TRUE;
      f->role = ROLE_CHAT;
      chat_reset (p);
      p->chat_line = current_line (p);
      p->chat_id = model_attribute (p, "id");
      p->chat_deleted = model_attribute (p, "deleted_state");
      p->chat_confidence = model_attribute (p, "decoding_confidence");
      if (p->chat_id == NULL || *p->chat_id == '\0' || strlen (p->chat_id) > CORRIDOR_UFDR_MAX_ID)
        {
          p->chat_skip = TRUE;
          return corridor_import_bad (p->ctx, p->chat_line, error,
                                      "Chat model without a usable id (its messages are "
                                      "skipped)");
        }
      return TRUE;
    case ROLE_MESSAGES:
      if (g_strcmp0 (type, "InstantMessage") != 0)
        {
          if (!p->chat_skip)
            p->ctx->file->system++;
          return TRUE;
        }
      f->role = ROLE_MESSAGE;
      message_reset (p);
      p->msg_line = current_line (p);
      p->msg_id = model_attribute (p, "id");
      p->msg_deleted = model_attribute (p, "deleted_state");
      p->msg_confidence = model_attribute (p, "decoding_confidence");
      return TRUE;
    case ROLE_FROM_FIELD:
    case ROLE_TO_FIELD:
    case ROLE_PARTICIPANTS:
      if (g_strcmp0 (type, "Party") != 0)
        return TRUE;
      f->role = parent == ROLE_FROM_FIELD ? ROLE_FROM
                : parent == ROLE_TO_FIELD ? ROLE_TO : ROLE_PARTICIPANT;
      party_reset (p);
      return TRUE;
    case ROLE_POSITION_FIELD:
      if (g_strcmp0 (type, "Coordinate") == 0)
        f->role = ROLE_COORDINATE;
      return TRUE;
    case ROLE_ATTACHMENTS:
      p->attachments++;
      return TRUE;
    default:
      return TRUE;
    }
}

static void
start_named_field (Parser *p, Frame *f)
{
  Role parent = parent_role (p);
  g_autofree char *name = attribute (p, "name");

  if (name == NULL)
    return;
  if (f->kind == EL_FIELD)
    {
      if (!is_model_owner (parent) || strlen (name) > 128)
        return;
      f->role = ROLE_VALUE_FIELD;
      f->name = g_steal_pointer (&name);
      g_string_truncate (p->value, 0);
      p->value_seen = p->value_too_long = FALSE;
      return;
    }
  /* modelField and multiModelField */
  if (parent == ROLE_CHAT && strcmp (name, "Messages") == 0)
    f->role = ROLE_MESSAGES;
  else if (parent == ROLE_CHAT && strcmp (name, "Participants") == 0)
    f->role = ROLE_PARTICIPANTS;
  else if (parent == ROLE_MESSAGE && strcmp (name, "From") == 0)
    f->role = ROLE_FROM_FIELD;
  else if (parent == ROLE_MESSAGE && strcmp (name, "To") == 0)
    f->role = ROLE_TO_FIELD;
  else if (parent == ROLE_MESSAGE && strcmp (name, "Position") == 0)
    f->role = ROLE_POSITION_FIELD;
  else if (parent == ROLE_MESSAGE && strcmp (name, "Attachments") == 0)
    f->role = ROLE_ATTACHMENTS;
}

static gboolean
start_element (Parser *p, GError **error)
{
  const char *local = (const char *) xmlTextReaderConstLocalName (p->reader);
  const char *ns = (const char *) xmlTextReaderConstNamespaceUri (p->reader);
  Frame f = { element_kind (local, ns), ROLE_NONE, NULL };
  Frame *parent = frame_at (p, 0);

  if (!p->seen_root)
    {
      p->seen_root = TRUE;
      if (f.kind != EL_PROJECT)
        {
          g_autofree char *shown = corridor_zip_printable_name (local);

          g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_CORRUPT,
                       "%s:%u: %s is not a Cellebrite report: the root is <%s>, not <project> "
                       "in the namespace %s", p->ctx->path, current_line (p), REPORT_ENTRY,
                       shown, CELLEBRITE_NS);
          return FALSE;
        }
    }
  if (p->stack->len >= CORRIDOR_UFDR_MAX_DEPTH)
    {
      g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_CORRUPT,
                   "%s:%u: %s nests elements deeper than %d levels", p->ctx->path,
                   current_line (p), REPORT_ENTRY, CORRIDOR_UFDR_MAX_DEPTH);
      return FALSE;
    }
  switch (f.kind)
    {
    case EL_MODELTYPE:
      if (parent != NULL && parent->kind == EL_DECODED)
        {
          g_autofree char *type = attribute (p, "type");

          if (g_strcmp0 (type, "Chat") == 0)
            f.role = ROLE_CHAT_TYPE;
        }
      break;
    case EL_MODEL:
      if (!start_model (p, &f, error))
        return FALSE;
      break;
    case EL_FIELD:
    case EL_MODELFIELD:
    case EL_MULTIMODELFIELD:
      start_named_field (p, &f);
      break;
    case EL_VALUE:
      /* <value/> is "", where <empty/> or no value is unknown. */
      if (parent != NULL && parent->role == ROLE_VALUE_FIELD)
        p->value_seen = TRUE;
      break;
    case EL_PROJECT:
    case EL_DECODED:
    case EL_OTHER:
    default:
      break;
    }
  g_array_append_val (p->stack, f);
  return TRUE;
}

static gboolean
truthy (const char *v)
{
  return v != NULL && (g_ascii_strcasecmp (v, "true") == 0 || strcmp (v, "1") == 0);
}

static void
field_done (Parser *p, Frame *f, Role owner)
{
  g_autofree char *v = NULL;

  if (!p->value_seen)
    return;   /* <empty/> or no value: unknown, not "" */
  if (p->value_too_long)
    {
      if (owner == ROLE_MESSAGE || owner == ROLE_FROM || owner == ROLE_TO ||
          owner == ROLE_COORDINATE)
        message_bad (p, "field %s is longer than %d KiB", f->name,
                     (strcmp (f->name, "Body") == 0 && owner == ROLE_MESSAGE
                          ? CORRIDOR_IMPORT_MAX_BODY : CORRIDOR_UFDR_MAX_VALUE) / 1024);
      return;
    }
  switch (owner)
    {
    case ROLE_MESSAGE:
      if (strcmp (f->name, "Body") == 0)
        {
          /* The value stays in p->value only until the next field. */
          g_string_assign (p->body, p->value->str);
          p->has_body = TRUE;
          return;
        }
      v = g_strstrip (g_strdup (p->value->str));
      if (strcmp (f->name, "TimeStamp") == 0)
        {
          g_free (p->ts);
          p->ts = g_steal_pointer (&v);
        }
      else if (*v != '\0' && p->extra_names->len < CORRIDOR_UFDR_MAX_EXTRA_FIELDS)
        {
          g_ptr_array_add (p->extra_names, g_strdup (f->name));
          g_ptr_array_add (p->extra_values, g_steal_pointer (&v));
        }
      return;
    case ROLE_CHAT:
      v = g_strstrip (g_strdup (p->value->str));
      if (strcmp (f->name, "Name") == 0)
        {
          g_free (p->chat_name);
          p->chat_name = g_steal_pointer (&v);
        }
      else if (strcmp (f->name, "Source") == 0)
        {
          g_free (p->chat_app);
          p->chat_app = g_steal_pointer (&v);
        }
      return;
    case ROLE_FROM:
    case ROLE_TO:
    case ROLE_PARTICIPANT:
      v = g_strstrip (g_strdup (p->value->str));
      if (strcmp (f->name, "Identifier") == 0)
        {
          g_free (p->party_identifier);
          p->party_identifier = g_steal_pointer (&v);
        }
      else if (strcmp (f->name, "Name") == 0)
        {
          g_free (p->party_name);
          p->party_name = g_steal_pointer (&v);
        }
      else if (strcmp (f->name, "IsPhoneOwner") == 0)
        p->party_owner = truthy (v);
      return;
    case ROLE_COORDINATE:
      v = g_strstrip (g_strdup (p->value->str));
      if (strcmp (f->name, "Latitude") == 0)
        {
          g_free (p->lat);
          p->lat = g_steal_pointer (&v);
        }
      else if (strcmp (f->name, "Longitude") == 0)
        {
          g_free (p->lon);
          p->lon = g_steal_pointer (&v);
        }
      return;
    default:
      return;
    }
}

static gboolean
has_handle (GPtrArray *list, const char *handle)
{
  for (guint i = 0; i < list->len; i++)
    if (strcmp (g_ptr_array_index (list, i), handle) == 0)
      return TRUE;
  return FALSE;
}

static void
party_done (Parser *p, Role role)
{
  const char *id = p->party_identifier, *name = p->party_name;
  const char *handle = id != NULL && *id != '\0' ? id : name;

  if (role == ROLE_FROM)
    {
      if (g_strcmp0 (name, "System Message") == 0 || g_strcmp0 (id, "System Message") == 0)
        p->from_system = TRUE;
      if (handle != NULL && *handle != '\0' && p->from_handle == NULL)
        {
          p->from_handle = g_strdup (handle);
          if (name != NULL && *name != '\0' && strcmp (name, handle) != 0)
            p->from_name = g_strdup (name);
          p->from_owner = p->party_owner;
        }
    }
  else if (handle != NULL && *handle != '\0')
    {
      if (role == ROLE_TO && !has_handle (p->to, handle))
        {
          if (p->to->len >= CORRIDOR_UFDR_MAX_RECIPIENTS)
            message_bad (p, "more than %d recipients in To", CORRIDOR_UFDR_MAX_RECIPIENTS);
          else
            g_ptr_array_add (p->to, g_strdup (handle));
        }
      /* Only whether there are exactly two matters. */
      else if (role == ROLE_PARTICIPANT && p->participants->len < 3 &&
               !has_handle (p->participants, handle))
        g_ptr_array_add (p->participants, g_strdup (handle));
    }
  party_reset (p);
}

/* A coordinate value: a finite number in range, or NULL/empty for none. */
static gboolean
parse_coordinate (const char *s, double limit, double *out)
{
  char *end = NULL;

  *out = g_ascii_strtod (s, &end);
  return end != s && *end == '\0' && isfinite (*out) && fabs (*out) <= limit;
}

static char *
message_extra (Parser *p)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  struct { const char *key, *value; } keys[] = {
    { "app", p->chat_app },
    { "chat", p->chat_name },
    { "chat_id", p->chat_id },
    { "chat_deleted_state", p->chat_deleted },
    { "chat_decoding_confidence", p->chat_confidence },
    { "deleted_state", p->msg_deleted },
    { "decoding_confidence", p->msg_confidence },
    { "from_name", p->from_name },
  };

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "platform");
  json_builder_add_string_value (b, "ufdr");
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    if (keys[i].value != NULL && *keys[i].value != '\0')
      {
        json_builder_set_member_name (b, keys[i].key);
        json_builder_add_string_value (b, keys[i].value);
      }
  if (p->from_owner)
    {
      json_builder_set_member_name (b, "from_owner");
      json_builder_add_boolean_value (b, TRUE);
    }
  if (p->attachments > 0)
    {
      json_builder_set_member_name (b, "attachments");
      json_builder_add_int_value (b, p->attachments);
    }
  if (p->extra_names->len > 0)
    {
      json_builder_set_member_name (b, "fields");
      json_builder_begin_object (b);
      for (guint i = 0; i < p->extra_names->len; i++)
        {
          json_builder_set_member_name (b, g_ptr_array_index (p->extra_names, i));
          json_builder_add_string_value (b, g_ptr_array_index (p->extra_values, i));
        }
      json_builder_end_object (b);
    }
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  return json_generator_to_data (gen, NULL);
}

static gboolean
message_done (Parser *p, GError **error)
{
  CorridorImportCtx *ctx = p->ctx;
  g_autoptr(GDateTime) dt = NULL;
  g_autofree char *id = NULL, *extra = NULL;
  g_autofree char **recipients = NULL;
  const char *other = NULL;
  CorridorMessage m = { 0 };
  guint line = p->msg_line;

  if (!corridor_import_tick (ctx, archive_filter_bytes (p->zip->a, -1), error))
    return FALSE;
  if (p->chat_skip)
    return TRUE;
  if (p->msg_id == NULL || *p->msg_id == '\0' || strlen (p->msg_id) > CORRIDOR_UFDR_MAX_ID)
    return corridor_import_bad (ctx, line, error, "InstantMessage model without a usable id");
  if (p->msg_bad != NULL)
    return corridor_import_bad (ctx, line, error, "message ufdr:%s:%s: %s", p->chat_id,
                                p->msg_id, p->msg_bad);
  if (p->from_system)
    {
      ctx->file->system++;
      return TRUE;
    }
  if (p->from_handle == NULL)
    return corridor_import_bad (ctx, line, error, "message ufdr:%s:%s has no sender (From)",
                                p->chat_id, p->msg_id);
  if (p->ts == NULL || *p->ts == '\0')
    return corridor_import_bad (ctx, line, error, "message ufdr:%s:%s has no TimeStamp",
                                p->chat_id, p->msg_id);
  dt = g_date_time_new_from_iso8601 (p->ts, NULL);
  if (dt == NULL)
    {
      g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
      g_autoptr(GDateTime) zoneless = g_date_time_new_from_iso8601 (p->ts, utc);
      g_autofree char *shown = corridor_zip_printable_name (p->ts);

      if (zoneless == NULL)
        return corridor_import_bad (ctx, line, error,
                                    "message ufdr:%s:%s: TimeStamp “%s” is not an ISO 8601 "
                                    "date and time", p->chat_id, p->msg_id, shown);
      if (ctx->options->tz == NULL)
        return corridor_import_bad (ctx, line, error,
                                    "message ufdr:%s:%s: TimeStamp “%s” has no zone offset; "
                                    "give --tz ZONE to read such times", p->chat_id, p->msg_id,
                                    shown);
      dt = g_date_time_new_from_iso8601 (p->ts, ctx->tz);
      if (dt == NULL)
        return corridor_import_bad (ctx, line, error,
                                    "message ufdr:%s:%s: TimeStamp “%s” does not exist in %s",
                                    p->chat_id, p->msg_id, shown, ctx->options->tz);
      p->used_tz = TRUE;
    }
  m.ts = g_date_time_to_unix (dt);
  m.tz_offset = (int) (g_date_time_get_utc_offset (dt) / G_TIME_SPAN_SECOND);
  m.lat = m.lon = NAN;
  if ((p->lat != NULL && *p->lat != '\0') || (p->lon != NULL && *p->lon != '\0'))
    {
      if (p->lat == NULL || p->lon == NULL || !parse_coordinate (p->lat, 90, &m.lat) ||
          !parse_coordinate (p->lon, 180, &m.lon))
        return corridor_import_bad (ctx, line, error,
                                    "message ufdr:%s:%s: Position needs a Latitude within ±90 "
                                    "and a Longitude within ±180", p->chat_id, p->msg_id);
    }

  /* A two-person chat's message goes to the other person when To is empty. */
  if (p->to->len == 0 && p->participants->len == 2)
    {
      if (strcmp (g_ptr_array_index (p->participants, 0), p->from_handle) == 0)
        other = g_ptr_array_index (p->participants, 1);
      else if (strcmp (g_ptr_array_index (p->participants, 1), p->from_handle) == 0)
        other = g_ptr_array_index (p->participants, 0);
    }
  recipients = g_new0 (char *, p->to->len + 2);
  for (guint i = 0; i < p->to->len; i++)
    recipients[i] = g_ptr_array_index (p->to, i);
  if (other != NULL)
    recipients[0] = (char *) other;

  if (!p->has_body && p->attachments > 0)
    g_string_assign (p->body, "<attachment omitted>");
  if (!g_utf8_validate_len (p->body->str, p->body->len, NULL) ||
      memchr (p->body->str, '\0', p->body->len) != NULL)
    return corridor_import_bad (ctx, line, error, "message ufdr:%s:%s: Body is not valid text",
                                p->chat_id, p->msg_id);

  id = g_strdup_printf ("ufdr:%s:%s", p->chat_id, p->msg_id);
  extra = message_extra (p);
  m.id = id;
  m.sender = p->from_handle;
  m.recipients = recipients;
  m.body = p->body->str;
  m.extra_json = extra;
  return corridor_import_emit (ctx, &m, line, p->from_name, error);
}

static gboolean
end_element (Parser *p, GError **error)
{
  Frame f;
  gboolean ok = TRUE;

  if (p->stack->len == 0)
    return TRUE;
  f = g_array_index (p->stack, Frame, p->stack->len - 1);
  g_array_set_size (p->stack, p->stack->len - 1);
  switch (f.role)
    {
    case ROLE_VALUE_FIELD:
      field_done (p, &f, parent_role (p));
      break;
    case ROLE_FROM:
    case ROLE_TO:
    case ROLE_PARTICIPANT:
      party_done (p, f.role);
      break;
    case ROLE_MESSAGE:
      ok = message_done (p, error);
      message_reset (p);
      break;
    case ROLE_CHAT:
      chat_reset (p);
      break;
    default:
      break;
    }
  frame_clear (&f);
  return ok;
}

static void
text (Parser *p)
{
  Frame *value = frame_at (p, 0), *field = frame_at (p, 1);
  const char *t;
  gsize n, cap;

  if (value == NULL || field == NULL || value->kind != EL_VALUE ||
      field->role != ROLE_VALUE_FIELD)
    return;
  if (p->value_too_long)
    return;
  t = (const char *) xmlTextReaderConstValue (p->reader);
  if (t == NULL)
    return;
  n = strlen (t);
  cap = strcmp (field->name, "Body") == 0 ? CORRIDOR_IMPORT_MAX_BODY : CORRIDOR_UFDR_MAX_VALUE;
  if (p->value->len + n > cap)
    {
      p->value_too_long = TRUE;
      return;
    }
  g_string_append_len (p->value, t, (gssize) n);
}

static void
structured_error (void *user_data, xmlErrorPtr e)
{
  Parser *p = user_data;

  if (e == NULL || e->level < XML_ERR_ERROR || p->first_error != NULL)
    return;
  p->first_error = g_new0 (xmlError, 1);
  xmlCopyError (e, p->first_error);
}

static void
parser_clear (Parser *p)
{
  message_reset (p);
  chat_reset (p);
  party_reset (p);
  for (guint i = 0; p->stack != NULL && i < p->stack->len; i++)
    frame_clear (&g_array_index (p->stack, Frame, i));
  g_clear_pointer (&p->stack, g_array_unref);
  g_clear_pointer (&p->participants, g_ptr_array_unref);
  g_clear_pointer (&p->to, g_ptr_array_unref);
  g_clear_pointer (&p->extra_names, g_ptr_array_unref);
  g_clear_pointer (&p->extra_values, g_ptr_array_unref);
  if (p->body != NULL)
    g_string_free (p->body, TRUE);
  if (p->value != NULL)
    g_string_free (p->value, TRUE);
  if (p->first_error != NULL)
    {
      xmlResetError (p->first_error);
      g_free (p->first_error);
    }
}

static gboolean
parse_report (Parser *p, GError **error)
{
  int r;

  while ((r = xmlTextReaderRead (p->reader)) == 1)
    {
      switch (xmlTextReaderNodeType (p->reader))
        {
        case XML_READER_TYPE_ELEMENT:
          {
            gboolean empty = xmlTextReaderIsEmptyElement (p->reader) == 1;

            if (!start_element (p, error))
              return FALSE;
            if (empty && !end_element (p, error))
              return FALSE;
          }
          break;
        case XML_READER_TYPE_END_ELEMENT:
          if (!end_element (p, error))
            return FALSE;
          break;
        case XML_READER_TYPE_TEXT:
        case XML_READER_TYPE_CDATA:
        case XML_READER_TYPE_SIGNIFICANT_WHITESPACE:
        case XML_READER_TYPE_WHITESPACE:
          text (p);
          break;
        case XML_READER_TYPE_DOCUMENT_TYPE:
        case XML_READER_TYPE_ENTITY_REFERENCE:
          /* Cellebrite writes no DTD; one here could only expand entities.
           * libxml2 keeps no line for a DOCTYPE, and a guess would mislead. */
          g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_CORRUPT,
                       "%s: %s declares a DTD or entities, which a Cellebrite report never "
                       "does; refused", p->ctx->path, REPORT_ENTRY);
          return FALSE;
        default:
          break;
        }
    }
  if (p->zip->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&p->zip->error));
      return FALSE;
    }
  if (r < 0 || p->first_error != NULL)
    {
      g_autofree char *cause = NULL;
      guint line = current_line (p);

      if (p->first_error != NULL && p->first_error->message != NULL)
        {
          cause = g_strchomp (g_strdup (p->first_error->message));
          if (p->first_error->line > 0)
            line = (guint) p->first_error->line;
        }
      else
        cause = g_strdup ("unreadable XML");
      if (line > 0)
        g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_CORRUPT,
                     "%s:%u: malformed XML in %s: %s", p->ctx->path, line, REPORT_ENTRY, cause);
      else
        g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_CORRUPT,
                     "%s: malformed XML in %s: %s", p->ctx->path, REPORT_ENTRY, cause);
      return FALSE;
    }
  if (!p->seen_root)
    {
      g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_CORRUPT, "%s: %s is empty",
                   p->ctx->path, REPORT_ENTRY);
      return FALSE;
    }
  return TRUE;
}

static void G_GNUC_PRINTF (2, 3)
ignore_generic_error (void *data, const char *msg, ...)
{
}

gboolean
corridor_import_ufdr (CorridorImportCtx *ctx, GError **error)
{
  ZipStream zip = { 0 };
  Parser p = { 0 };
  struct archive_entry *e;
  gint64 declared = -1;
  gboolean ok;
  int r;

  g_return_val_if_fail (ctx != NULL && ctx->path != NULL, FALSE);

  xmlInitParser ();
  if (!check_archive (ctx, &declared, error))
    return FALSE;

  zip.a = corridor_zip_open (ctx->path);
  if (zip.a == NULL)
    {
      g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_CORRUPT,
                   "%s: not a readable ZIP archive", ctx->path);
      return FALSE;
    }
  while ((r = archive_read_next_header (zip.a, &e)) == ARCHIVE_OK || r == ARCHIVE_WARN)
    if (g_strcmp0 (corridor_zip_entry_name (e), REPORT_ENTRY) == 0)
      break;
  if (r != ARCHIVE_OK && r != ARCHIVE_WARN)
    {
      /* The first pass saw it: the file changed underneath us. */
      g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_IO,
                   "%s: %s vanished while reading; was the file modified?", ctx->path,
                   REPORT_ENTRY);
      archive_read_free (zip.a);
      return FALSE;
    }
  corridor_zip_stream_init (&zip, zip.a, ctx->path, REPORT_ENTRY, declared,
                            CORRIDOR_UFDR_MAX_REPORT);

  p.ctx = ctx;
  p.zip = &zip;
  p.stack = g_array_new (FALSE, TRUE, sizeof (Frame));
  p.participants = g_ptr_array_new_with_free_func (g_free);
  p.to = g_ptr_array_new_with_free_func (g_free);
  p.extra_names = g_ptr_array_new_with_free_func (g_free);
  p.extra_values = g_ptr_array_new_with_free_func (g_free);
  p.body = g_string_new (NULL);
  p.value = g_string_new (NULL);
  /* No network, no DTD loading, no entity substitution and libxml2's default
   * limits (no XML_PARSE_HUGE): text nodes and depth stay bounded. */
  p.reader = xmlReaderForIO (zip_stream_read, zip_stream_close, &zip, REPORT_ENTRY, NULL,
                             XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_NODICT);
  if (p.reader == NULL)
    {
      if (zip.error != NULL)
        g_propagate_error (error, g_steal_pointer (&zip.error));
      else
        g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_CORRUPT,
                     "%s: %s could not be read as XML", ctx->path, REPORT_ENTRY);
      parser_clear (&p);
      archive_read_free (zip.a);
      return FALSE;
    }
  xmlTextReaderSetStructuredErrorHandler (p.reader, structured_error, &p);
  /* Encoding and I/O errors bypass the reader's handler and go to libxml2's
   * generic one, which prints to stderr; the reader's own error (above)
   * already says what was wrong, so those are silenced for this thread. */
  xmlSetGenericErrorFunc (NULL, ignore_generic_error);
  ok = parse_report (&p, error);
  xmlSetGenericErrorFunc (NULL, NULL);
  xmlFreeTextReader (p.reader);
  if (ok && p.used_tz && ctx->file->tz == NULL)
    ctx->file->tz = g_strdup (ctx->options->tz);
  parser_clear (&p);
  g_clear_error (&zip.error);
  archive_read_free (zip.a);
  return ok;
}
