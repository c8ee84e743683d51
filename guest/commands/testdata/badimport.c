/* badimport.wasm: imports a host function other than WASI's. */
__attribute__((import_module("env"), import_name("evil"))) void evil(void);

int main(void) {
	evil();
	return 0;
}
