#!/usr/bin/env bash
# Renders the OCR accuracy test set with ImageMagick and Debian fonts into DIR (default artifacts/ocr-accuracy/set):
# for each case NAME.png or NAME.jpg, NAME.txt (the expected text, one line per text line, columns one after the
# other) and a line "NAME<TAB>category<TAB>file<TAB>description" in manifest.tsv. Deterministic: same fonts, same
# seed, same images. Called by run.sh, which installs ImageMagick and the fonts.
set -euo pipefail

OUT="${1:?usage: render.sh DIR}"
# /usr/bin first: some machines put a stand-in 'convert' on /usr/local/bin.
CONVERT="$(command -v /usr/bin/convert || command -v magick || command -v convert)"
mkdir -p "$OUT"
rm -f "$OUT"/*.png "$OUT"/*.jpg "$OUT"/*.txt "$OUT/manifest.tsv"

DEJAVU=/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf
DEJAVU_SERIF=/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf
DEJAVU_MONO=/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf
LIB_SANS=/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf
LIB_SERIF=/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf
LIB_MONO=/usr/share/fonts/truetype/liberation2/LiberationMono-Regular.ttf
FREE_SANS=/usr/share/fonts/truetype/freefont/FreeSans.ttf
FREE_SERIF_BOLD=/usr/share/fonts/truetype/freefont/FreeSerifBold.ttf

LINES_A=("Invoice 2026-0412 due on 15 March" "Total amount: 1,284.50 EUR" "Thank you for your order!")
LINES_B=("The quick brown fox jumps over" "the lazy dog near the river bank" "at 7:45 in the morning.")
LINES_C=("GPU workers poll the queue" "and upload results to S3.")

# case NAME CATEGORY DESCRIPTION FONT SIZE FG BG ANGLE EXT QUALITY_NOISE KERNING LINES...
case_image() {
  local name="$1" category="$2" description="$3" font="$4" size="$5" fg="$6" bg="$7" angle="$8" ext="$9" noise="${10}" kerning="${11}"
  shift 11
  local text
  text="$(printf '%s\n' "$@")"
  text="${text%$'\n'}"
  local width=$(( size * 24 )) height=$(( size * (2 * $# + 1) ))
  local args=(-size "${width}x${height}" "xc:$bg" -font "$font" -pointsize "$size" -fill "$fg" -kerning "$kerning")
  local y=$(( size * 3 / 2 )) line
  for line in "$@"; do
    args+=(-annotate "+$(( size ))+$y" "$line")
    y=$(( y + size * 2 ))
  done
  args+=(-trim +repage -bordercolor "$bg" -border "$size")
  if [[ "$angle" != 0 ]]; then args+=(-background "$bg" -rotate "$angle"); fi
  if [[ "$noise" != none ]]; then args+=(-seed 7 -attenuate "$noise" +noise Gaussian -blur 0x0.5 -quality 30); fi
  "$CONVERT" "${args[@]}" "$OUT/$name.$ext"
  printf '%s\n' "$@" > "$OUT/$name.txt"
  printf '%s\t%s\t%s\t%s\n' "$name" "$category" "$name.$ext" "$description" >> "$OUT/manifest.tsv"
}

two_columns() {
  local name="$1" font="$2" size="$3"
  local width=$(( size * 36 )) height=$(( size * 12 ))
  local left=(-annotate "+$size+$(( size * 4 ))" "${LINES_B[0]}" -annotate "+$size+$(( size * 6 ))" "${LINES_B[1]}" -annotate "+$size+$(( size * 8 ))" "${LINES_B[2]}")
  local rx=$(( size * 19 ))
  local right=(-annotate "+$rx+$(( size * 4 ))" "${LINES_C[0]}" -annotate "+$rx+$(( size * 6 ))" "${LINES_C[1]}")
  "$CONVERT" -size "${width}x${height}" xc:white -font "$font" -pointsize "$size" -fill black \
    -annotate "+$size+$(( size * 2 ))" "Two columns under one title" "${left[@]}" "${right[@]}" "$OUT/$name.png"
  printf '%s\n' "Two columns under one title" "${LINES_B[@]}" "${LINES_C[@]}" > "$OUT/$name.txt"
  printf '%s\t%s\t%s\t%s\n' "$name" "columns" "$name.png" "title and two columns, $(basename "$font" .ttf) ${size}px" >> "$OUT/manifest.tsv"
}

# page NAME CATEGORY DESCRIPTION FONT SIZE WIDTH HEIGHT "X|Y|TEXT"...: a page with each text at (X, Y) in units of
# the font size; the expected text is the texts in the order given, so give them in reading order.
page() {
  local name="$1" category="$2" description="$3" font="$4" size="$5" width="$6" height="$7"
  shift 7
  local args=(-size "$(( width * size ))x$(( height * size ))" xc:white -font "$font" -pointsize "$size" -fill black)
  local entry x y text
  : > "$OUT/$name.txt"
  for entry in "$@"; do
    IFS='|' read -r x y text <<<"$entry"
    args+=(-annotate "+$(awk "BEGIN { print int($x * $size) }")+$(awk "BEGIN { print int($y * $size) }")" "$text")
    printf '%s\n' "$text" >> "$OUT/$name.txt"
  done
  "$CONVERT" "${args[@]}" "$OUT/$name.png"
  printf '%s\t%s\t%s\t%s\n' "$name" "$category" "$name.png" "$description" >> "$OUT/manifest.tsv"
}

# keystone NAME DESCRIPTION SOURCE_NAME DEGREES SIDE: the source case's image as a photo taken at an angle: the
# SIDE edge (top or right) shrinks so that the two edges next to it lean inwards by DEGREES (tan(DEGREES) times the
# image's other side, taken off each end), white outside; JPEG at quality 85 like a phone photo.
keystone() {
  local name="$1" description="$2" source="$3" degrees="$4" side="$5"
  local size w h inset points
  size="$("$CONVERT" "$OUT/$source.png" -format "%w %h" info:)"
  read -r w h <<<"$size"
  if [[ "$side" == top ]]; then
    inset="$(awk "BEGIN { print int($h * sin($degrees * 3.14159265 / 180) / cos($degrees * 3.14159265 / 180)) }")"
    points="0,0 $inset,0  $w,0 $(( w - inset )),0  $w,$h $w,$h  0,$h 0,$h"
  else
    inset="$(awk "BEGIN { print int($w * sin($degrees * 3.14159265 / 180) / cos($degrees * 3.14159265 / 180) / 4) }")"
    points="0,0 0,0  $w,0 $w,$inset  $w,$h $w,$(( h - inset ))  0,$h 0,$h"
  fi
  "$CONVERT" "$OUT/$source.png" -virtual-pixel white -background white -distort Perspective "$points" -quality 85 "$OUT/$name.jpg"
  cp "$OUT/$source.txt" "$OUT/$name.txt"
  printf '%s\t%s\t%s\t%s\n' "$name" perspective "$name.jpg" "$description" >> "$OUT/manifest.tsv"
}

# Clean: several families and sizes, dark on white.
case_image clean-dejavu-18 clean "DejaVu Sans 18px" "$DEJAVU" 18 black white 0 png none 0 "${LINES_A[@]}"
case_image clean-dejavu-serif-28 clean "DejaVu Serif 28px" "$DEJAVU_SERIF" 28 black white 0 png none 0 "${LINES_B[@]}"
case_image clean-liberation-sans-24 clean "Liberation Sans 24px" "$LIB_SANS" 24 black white 0 png none 0 "${LINES_B[@]}"
case_image clean-liberation-serif-40 clean "Liberation Serif 40px" "$LIB_SERIF" 40 black white 0 png none 0 "${LINES_A[@]}"
case_image clean-freesans-32 clean "FreeSans 32px" "$FREE_SANS" 32 black white 0 png none 0 "${LINES_C[@]}"
case_image clean-freeserif-bold-22 clean "FreeSerif Bold 22px" "$FREE_SERIF_BOLD" 22 '#202020' '#f4f1e8' 0 png none 0 "${LINES_A[@]}"
# Tilted (ImageMagick's -rotate is clockwise).
for angle in -15 -10 -5 5 10 15; do
  case_image "tilt${angle}" tilt15 "DejaVu Sans 28px, ${angle} degrees" "$DEJAVU" 28 black white "$angle" png none 0 "${LINES_C[@]}"
done
for angle in -30 -20 20 30; do
  case_image "tilt${angle}" tilt30 "Liberation Sans 28px, ${angle} degrees" "$LIB_SANS" 28 black white "$angle" png none 0 "${LINES_C[@]}"
done
# Upside down.
case_image upside-down-dejavu upside-down "DejaVu Sans 28px, 180 degrees" "$DEJAVU" 28 black white 180 png none 0 "${LINES_A[@]}"
case_image upside-down-liberation upside-down "Liberation Serif 32px, 180 degrees" "$LIB_SERIF" 32 black white 180 png none 0 "${LINES_B[@]}"
# Dark mode.
case_image dark-dejavu-24 dark "DejaVu Sans 24px, light on dark" "$DEJAVU" 24 '#e8e8e8' '#1e1e24' 0 png none 0 "${LINES_A[@]}"
case_image dark-liberation-32 dark "Liberation Sans 32px, light on dark" "$LIB_SANS" 32 '#9ad0ff' '#101418' 0 png none 0 "${LINES_B[@]}"
# Noisy JPEG (Gaussian noise, slight blur, quality 30).
case_image noisy-dejavu-28 noisy "DejaVu Sans 28px, noise + JPEG q30" "$DEJAVU" 28 black white 0 jpg 0.6 0 "${LINES_A[@]}"
case_image noisy-liberation-serif-32 noisy "Liberation Serif 32px, noise + JPEG q30" "$LIB_SERIF" 32 black white 0 jpg 0.6 0 "${LINES_B[@]}"
case_image noisy-dark-tilt10 noisy "FreeSans 30px, light on dark, 10 degrees, noise + JPEG q30" "$FREE_SANS" 30 '#f0f0f0' '#202428' 10 jpg 0.6 0 "${LINES_C[@]}"
# Two columns.
two_columns columns-dejavu-22 "$DEJAVU" 22
two_columns columns-liberation-serif-26 "$LIB_SERIF" 26
# Tight monospace (kerning -1.5 / -2.5 px between glyphs).
case_image mono-dejavu-tight mono "DejaVu Sans Mono 26px, kerning -1.5" "$DEJAVU_MONO" 26 black white 0 png none -1.5 "GPU BATCH 64 CUDA" "docker run --gpus all" "MAX_BATCH=16 DELAY=3ms"
case_image mono-liberation-tight mono "Liberation Mono 28px, kerning -2.5" "$LIB_MONO" 28 black white 0 png none -2.5 "GPU BATCH 64 CUDA" "docker run --gpus all" "MAX_BATCH=16 DELAY=3ms"

# Two columns without a title: the rows of both columns line up, so only the gutter tells them apart.
page columns-notitle-dejavu-22 columns "two columns, no title, DejaVuSans 22px" "$DEJAVU" 22 36 9 \
  "1|2|${LINES_B[0]}" "1|4|${LINES_B[1]}" "1|6|${LINES_B[2]}" "19|2|${LINES_C[0]}" "19|4|${LINES_C[1]}"
page columns-notitle-liberation-serif-26 columns "two columns, no title, LiberationSerif-Regular 26px" "$LIB_SERIF" 26 36 9 \
  "1|2|${LINES_B[0]}" "1|4|${LINES_B[1]}" "1|6|${LINES_B[2]}" "19|2|${LINES_C[0]}" "19|4|${LINES_C[1]}"
# Three columns, with and without a title, and a footer that spans them.
page columns3-dejavu-20 columns3 "three columns, DejaVuSans 20px" "$DEJAVU" 20 45 9 \
  "1|2|Queues hold the jobs" "1|4|until a worker" "1|6|takes one." \
  "16|2|Workers read input" "16|4|from S3 and write" "16|6|their outputs." \
  "31|2|The backend tells" "31|4|the browser when" "31|6|a job is done."
page columns3-title-liberation-sans-22 columns3 "title, three columns and a footer, LiberationSans-Regular 22px" "$LIB_SANS" 22 45 13 \
  "1|2|How a job runs from start to end" \
  "1|4.5|Queues hold the jobs" "1|6.5|until a worker" "1|8.5|takes one." \
  "16|4.5|Workers read input" "16|6.5|from S3 and write" "16|8.5|their outputs." \
  "31|4.5|The backend tells" "31|6.5|the browser when" "31|8.5|a job is done." \
  "1|11.5|Page 2 of 7"
# A side-bar: short lines at their own spacing beside the main text, on the left and on the right.
page sidebar-left-dejavu-20 sidebar "side-bar on the left, DejaVuSans 20px" "$DEJAVU" 20 40 13 \
  "1|2|Contents" "1|4.5|1 Setup" "1|7|2 Jobs" "1|9.5|3 Results" \
  "11|2|${LINES_B[0]}" "11|4|${LINES_B[1]}" "11|6|${LINES_B[2]}" "11|8|${LINES_C[0]}" "11|10|${LINES_C[1]}"
page sidebar-right-freesans-22 sidebar "side-bar on the right, FreeSans 22px" "$FREE_SANS" 22 40 13 \
  "1|2|${LINES_A[0]}" "1|4|${LINES_A[1]}" "1|6|${LINES_A[2]}" "1|8|${LINES_C[0]}" "1|10|${LINES_C[1]}" \
  "28|2.5|Contact" "28|5|Room 4.12" "28|7.5|Tel 0211 55"
# Perspective: clean renders photographed at an angle (keystone).
for degrees in 5 10 15 20; do
  keystone "keystone-top${degrees}" "DejaVu Serif 28px, top edge shrunk, sides lean ${degrees} degrees" clean-dejavu-serif-28 "$degrees" top
done
for degrees in 10 20; do
  keystone "keystone-right${degrees}" "Liberation Sans 24px, right edge shrunk, ${degrees} degrees" clean-liberation-sans-24 "$degrees" right
done

echo "Rendered $(wc -l < "$OUT/manifest.tsv") images into $OUT"
