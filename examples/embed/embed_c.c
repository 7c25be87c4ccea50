/* Embedding tokten through its C ABI (include/tokten/tokten_c.h), the way software in Java, C#,
 * PHP or Go binds it: a planning round in as JSON text, the assignment document out.
 *
 *   tokten_embed_c ROUND.json    prints the tokten.assignment document, as `tokten solve` writes it
 *
 * A bad document prints the error as JSON, with the JSON pointer of the offending value, and
 * exits with 1. */
#include <stdio.h>
#include <stdlib.h>

#include <tokten/tokten_c.h>

/* The whole file as one buffer (the caller frees it); NULL if it cannot be read. */
static char* read_all(const char* path, size_t* size) {
  FILE* file = fopen(path, "rb");
  char* text = NULL;
  long length = -1;
  if (file && fseek(file, 0, SEEK_END) == 0) length = ftell(file);
  if (length >= 0 && fseek(file, 0, SEEK_SET) == 0) text = malloc((size_t)length + 1);
  if (text && fread(text, 1, (size_t)length, file) != (size_t)length) {
    free(text);
    text = NULL;
  }
  if (file) fclose(file);
  if (text) *size = (size_t)length;
  return text;
}

int main(int argc, char** argv) {
  size_t size = 0;
  char* round = NULL;
  char* assignment = NULL;
  size_t length = 0;
  tokten_error* error = NULL;
  tokten_status status;
  if (argc != 2) {
    fprintf(stderr, "usage: tokten_embed_c ROUND.json\n");
    return 2;
  }
  if (tokten_abi_version() != TOKTEN_C_ABI_VERSION) {
    fprintf(stderr, "libtokten_c has ABI %d, this program was built for %d\n", tokten_abi_version(),
            TOKTEN_C_ABI_VERSION);
    return 2;
  }
  round = read_all(argv[1], &size);
  if (!round) {
    fprintf(stderr, "%s: cannot be read\n", argv[1]);
    return 3;
  }
  /* No policy (the default one) and no options (the defaults of `tokten solve`). */
  status = tokten_solve_json(round, size, NULL, 0, NULL, &assignment, &length, &error);
  if (status == TOKTEN_OK)
    fwrite(assignment, 1, length, stdout);
  else
    fprintf(stderr, "%s: %s\n", argv[1], tokten_error_to_json(error));
  tokten_string_free(assignment);
  tokten_error_free(error);
  free(round);
  return status == TOKTEN_OK ? 0 : 1;
}
