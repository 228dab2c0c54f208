// Placeholder so the library has a source until the scorers land.
namespace newspipe {}
