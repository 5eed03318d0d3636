/* main.c - vigil: withdrawal scoring for supervised detox units */
#include <locale.h>
#include <sys/stat.h>

#include "cli/cli.h"

int main(int argc, char **argv)
{
	setlocale(LC_ALL, "");
	/* Everything vigil creates (databases, exports) is private to the user. */
	umask(077);
	return cli_main(argc, argv);
}
