# Turns each line of `posture status --follow` into the object waybar's custom module reads
# with "return-type": "json": {"text", "tooltip", "class"}. Copy it to ~/.config/waybar/ and
# see README.md, "Status bars", for the module configuration.
#
#   posture status --follow | jq --unbuffered -c -f posture.jq

# Seconds to whole minutes, rounded up (as `posture status` does): "1 min" rather than "0 min"
# while a break is still to come.
def minutes: (. + 59) / 60 | floor;

{
  text: (
    if .pending then "break"
    elif .state == "active" then "\(.next_break.in_seconds | minutes) min"
    else .state end
  ),
  tooltip: (
    "\(.state): next \(.next_break.kind) break in \(.next_break.in_seconds | minutes) min of sitting\n"
    + "sitting \(.sitting_seconds.rest / 60 | floor) min, today \(.today_sitting_seconds / 60 | floor) min"
  ),
  class: (if .pending then "due" else .state end)
}
