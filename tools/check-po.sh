#!/bin/sh
# check-po.sh SRCDIR: every translation in po/LINGUAS is complete and valid
# against the strings the sources have now: extracts them as the build's
# corridor-pot target does (the glib preset's keywords), merges each PO
# with them in a temporary folder (the source tree is not touched), and
# fails naming any untranslated or fuzzy message or a msgfmt error.
set -eu
src=${1:?usage: check-po.sh SRCDIR}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$src"
xgettext --package-name=corridor --from-code=UTF-8 --add-comments=Translators \
  --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
  --keyword=g_dcgettext:2 --keyword=g_dngettext:2,3 --keyword=g_dpgettext2:2c,3 \
  --keyword=ngettext:1,2 --flag=N_:1:pass-c-format --flag=C_:2:pass-c-format \
  --flag=NC_:2:pass-c-format --flag=g_dngettext:2:pass-c-format \
  --flag=g_strdup_printf:1:c-format --flag=g_string_printf:2:c-format \
  --flag=g_string_append_printf:2:c-format --flag=g_error_new:3:c-format \
  --flag=g_set_error:4:c-format --flag=g_markup_printf_escaped:1:c-format \
  -f po/POTFILES.in -o "$tmp/corridor.pot"
status=0
for lang in $(grep -v '^#' po/LINGUAS); do
  msgmerge --quiet --no-fuzzy-matching -o "$tmp/$lang.po" "po/$lang.po" "$tmp/corridor.pot"
  msgfmt --check --check-format --check-accelerators=_ -o /dev/null "$tmp/$lang.po" || status=1
  missing=$(msgattrib --untranslated --no-obsolete "$tmp/$lang.po" | grep -c '^msgid ' || true)
  fuzzy=$(msgattrib --only-fuzzy --no-obsolete "$tmp/$lang.po" | grep -c '^msgid ' || true)
  # msgattrib prints the header entry too when there is anything to print.
  [ "$missing" -gt 0 ] && missing=$((missing - 1))
  [ "$fuzzy" -gt 0 ] && fuzzy=$((fuzzy - 1))
  echo "$lang: $(msgfmt --statistics -o /dev/null "$tmp/$lang.po" 2>&1)"
  if [ "$missing" -ne 0 ] || [ "$fuzzy" -ne 0 ]; then
    echo "$lang: $missing untranslated, $fuzzy fuzzy:" >&2
    msgattrib --untranslated --no-obsolete "$tmp/$lang.po" | grep '^msgid ' | tail -n +2 >&2 || true
    status=1
  fi
done
exit $status
