// METIS 5 (Debian libmetis-dev ships no .pc file; the module map links it by name).
// idx_t and real_t are 32-bit in Debian's build.
#include <metis.h>
