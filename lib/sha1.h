/* sha1.h: SHA-1 (FIPS 180-4), for the checksum git keeps at the end of its
 * index file. Not for anything that needs a secure hash. */
#ifndef DLG_SHA1_H
#define DLG_SHA1_H

#include <stddef.h>
#include <stdint.h>

#define SHA1_LEN 20

struct sha1 {
	uint32_t h[5];
	uint64_t len; /* bytes hashed so far */
	unsigned char block[64];
	size_t used; /* bytes of block filled */
};

void sha1_init(struct sha1 *s);
void sha1_add(struct sha1 *s, const void *data, size_t len);
void sha1_done(struct sha1 *s, unsigned char out[SHA1_LEN]);
/* The hash of len bytes at data, in one call. */
void sha1_of(unsigned char out[SHA1_LEN], const void *data, size_t len);
/* For the tests: on, the plain C rounds even where the processor has SHA
 * instructions. */
void sha1_portable(int on);

#endif
