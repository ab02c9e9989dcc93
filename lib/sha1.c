/* sha1.c: SHA-1 as FIPS 180-4 states it: 512-bit blocks, 80 rounds each. */
#include "lib/sha1.h"

#include <string.h>

static uint32_t rol(uint32_t x, unsigned n)
{
	return x << n | x >> (32 - n);
}

static uint32_t be32_at(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* One round: e takes the sum, b turns; the callers rename the variables
 * from round to round instead of moving them. */
#define ROUND(a, b, c, d, e, f, k, w)                                                              \
	do {                                                                                       \
		e += rol(a, 5) + (f) + (k) + (w);                                                  \
		b = rol(b, 30);                                                                    \
	} while (0)

/* The message schedule, sixteen words at a time. */
#define W(i)                                                                                       \
	(w[(i)&15] = rol(w[((i) + 13) & 15] ^ w[((i) + 8) & 15] ^ w[((i) + 2) & 15] ^ w[(i)&15], 1))

#define F1(b, c, d) (d ^ (b & (c ^ d)))
#define F2(b, c, d) (b ^ c ^ d)
#define F3(b, c, d) ((b & c) | (d & (b | c)))

#define FIVE(i, F, k, WI)                                                                          \
	do {                                                                                       \
		ROUND(a, b, c, d, e, F(b, c, d), k, WI(i));                                        \
		ROUND(e, a, b, c, d, F(a, b, c), k, WI(i + 1));                                    \
		ROUND(d, e, a, b, c, F(e, a, b), k, WI(i + 2));                                    \
		ROUND(c, d, e, a, b, F(d, e, a), k, WI(i + 3));                                    \
		ROUND(b, c, d, e, a, F(c, d, e), k, WI(i + 4));                                    \
	} while (0)

#define W0(i) w[i]

static void compress(uint32_t h[5], const unsigned char *block)
{
	uint32_t w[16], a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];
	int i;

	for (i = 0; i < 16; i++)
		w[i] = be32_at(block + 4 * i);
	FIVE(0, F1, 0x5a827999, W0);
	FIVE(5, F1, 0x5a827999, W0);
	FIVE(10, F1, 0x5a827999, W0);
	ROUND(a, b, c, d, e, F1(b, c, d), 0x5a827999, w[15]);
	ROUND(e, a, b, c, d, F1(a, b, c), 0x5a827999, W(16));
	ROUND(d, e, a, b, c, F1(e, a, b), 0x5a827999, W(17));
	ROUND(c, d, e, a, b, F1(d, e, a), 0x5a827999, W(18));
	ROUND(b, c, d, e, a, F1(c, d, e), 0x5a827999, W(19));
	for (i = 20; i < 40; i += 5)
		FIVE(i, F2, 0x6ed9eba1, W);
	for (; i < 60; i += 5)
		FIVE(i, F3, 0x8f1bbcdc, W);
	for (; i < 80; i += 5)
		FIVE(i, F2, 0xca62c1d6, W);
	h[0] += a;
	h[1] += b;
	h[2] += c;
	h[3] += d;
	h[4] += e;
}

void sha1_init(struct sha1 *s)
{
	static const uint32_t start[5] = { 0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476,
		                           0xc3d2e1f0 };

	memcpy(s->h, start, sizeof(start));
	s->len = 0;
	s->used = 0;
}

void sha1_add(struct sha1 *s, const void *data, size_t len)
{
	const unsigned char *p = data;

	s->len += len;
	if (s->used) {
		size_t take = 64 - s->used < len ? 64 - s->used : len;

		memcpy(s->block + s->used, p, take);
		s->used += take;
		p += take;
		len -= take;
		if (s->used < 64)
			return;
		compress(s->h, s->block);
		s->used = 0;
	}
	for (; len >= 64; p += 64, len -= 64)
		compress(s->h, p);
	memcpy(s->block, p, len);
	s->used = len;
}

void sha1_done(struct sha1 *s, unsigned char out[SHA1_LEN])
{
	uint64_t bits = s->len * 8;
	unsigned char tail[8];
	int i;

	s->block[s->used++] = 0x80;
	if (s->used > 56) {
		memset(s->block + s->used, 0, 64 - s->used);
		compress(s->h, s->block);
		s->used = 0;
	}
	memset(s->block + s->used, 0, 56 - s->used);
	for (i = 0; i < 8; i++)
		tail[i] = (unsigned char)(bits >> (56 - 8 * i));
	memcpy(s->block + 56, tail, 8);
	compress(s->h, s->block);
	for (i = 0; i < 5; i++) {
		out[4 * i] = (unsigned char)(s->h[i] >> 24);
		out[4 * i + 1] = (unsigned char)(s->h[i] >> 16);
		out[4 * i + 2] = (unsigned char)(s->h[i] >> 8);
		out[4 * i + 3] = (unsigned char)s->h[i];
	}
}

void sha1_of(unsigned char out[SHA1_LEN], const void *data, size_t len)
{
	struct sha1 s;

	sha1_init(&s);
	sha1_add(&s, data, len);
	sha1_done(&s, out);
}
