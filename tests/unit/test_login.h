/* test_login.h - the unit tests' users log in with NAME-password */
#ifndef VIGIL_TEST_LOGIN_H
#define VIGIL_TEST_LOGIN_H

#include <stdio.h>

static inline const char *test_password(const char *name)
{
	static char buf[64];
	snprintf(buf, sizeof buf, "%s-password", name);
	return buf;
}

#endif
