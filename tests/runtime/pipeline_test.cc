#include "runtime/pipeline.h"

#include <stdlib.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "runtime/interpolate.h"

namespace newspipe {
namespace {

using ::testing::HasSubstr;

// A registry of small test specs, so these tests do not move with the built-in stages.
StageRegistry TestRegistry() {
  StageRegistry r;
  StageSpec source;
  source.type = "files";
  source.kind = StageKind::kSource;
  source.summary = "reads files";
  source.fields = {StringListField("paths", {}, "Files or folders."),
                   IntField("max_bytes", 1000, "Largest file.", 1)};
  r.Add(source);
  StageSpec clean;
  clean.type = "clean";
  clean.summary = "cleans";
  clean.fields = {IntField("min_chars", 10, "Shortest block kept.", 0),
                  BoolField("keep_comments", false, "Keep comment blocks."),
                  DurationField("budget", "2s", "Time per document.")};
  r.Add(clean);
  StageSpec store;
  store.type = "store";
  store.kind = StageKind::kSink;
  store.summary = "stores";
  store.fields = {StringField("path", "news.db", "Database file, relative to state_dir.")};
  r.Add(store);
  return r;
}

std::vector<PipelineError> Errors(const std::string& yaml) {
  std::vector<PipelineError> errors;
  auto def = LoadPipelineFromString(yaml, "p.yaml", TestRegistry(), &errors);
  EXPECT_FALSE(def.ok()) << "expected errors for:\n" << yaml;
  if (!def.ok()) {
    EXPECT_FALSE(errors.empty());
  }
  return errors;
}

// The errors' ToString(), one per line.
std::string Messages(const std::string& yaml) {
  std::string out;
  for (const auto& e : Errors(yaml)) out += e.ToString() + "\n";
  return out;
}

TEST(InterpolateTest, ExpandsVariablesAndDefaults) {
  EnvLookup env = [](const std::string& name) -> std::optional<std::string> {
    if (name == "HOME_DIR") return std::string("/home/x");
    if (name == "EMPTY") return std::string();
    return std::nullopt;
  };
  EXPECT_EQ(*Interpolate("${HOME_DIR}/var", env), "/home/x/var");
  EXPECT_EQ(*Interpolate("${MISSING:-var/files}", env), "var/files");
  EXPECT_EQ(*Interpolate("${EMPTY:-fallback}", env), "fallback");
  EXPECT_EQ(*Interpolate("${HOME_DIR:-unused}", env), "/home/x");
  EXPECT_EQ(*Interpolate("cost $5 and $$HOME", env), "cost $5 and $HOME");
  EXPECT_EQ(*Interpolate("${MISSING:-}", env), "");
  auto unset = Interpolate("a ${MISSING} b", env);
  ASSERT_FALSE(unset.ok());
  EXPECT_THAT(unset.status().message(), HasSubstr("${MISSING} is not set and has no default"));
  EXPECT_FALSE(Interpolate("${HOME_DIR", env).ok());
  EXPECT_FALSE(Interpolate("${1X}", env).ok());
  EXPECT_FALSE(Interpolate("${A B}", env).ok());
}

TEST(PipelineTest, LoadsAGoodPipeline) {
  ::setenv("NP_TEST_INPUT", "/data/pages", 1);
  ::unsetenv("NP_TEST_STATE");
  const std::string yaml = R"(pipeline: demo
state_dir: ${NP_TEST_STATE:-var/demo}
transport:
  kind: tcp
  base_port: ${NP_TEST_PORT:-6000}
supervisor:
  restart_initial: 100ms
  restart_max: 5s
  crash_loop_restarts: 3
delivery:
  window: 50
stages:
  - type: files
    config:
      paths: ${NP_TEST_INPUT}
  - type: clean
    replicas: 2
    config: {min_chars: 25, budget: 500ms}
  - name: db
    type: store
)";
  auto def = LoadPipelineFromString(yaml, "demo.yaml", TestRegistry());
  ASSERT_TRUE(def.ok()) << def.status().message();
  EXPECT_EQ(def->name, "demo");
  EXPECT_EQ(def->state_dir, (std::filesystem::current_path() / "var/demo").lexically_normal());
  EXPECT_EQ(def->transport.kind, "tcp");
  EXPECT_EQ(def->transport.base_port, 6000);
  EXPECT_EQ(def->supervisor.restart_initial, std::chrono::milliseconds(100));
  EXPECT_EQ(def->supervisor.restart_max, std::chrono::milliseconds(5000));
  EXPECT_EQ(def->supervisor.crash_loop_restarts, 3);
  EXPECT_EQ(def->delivery.window, 50);
  ASSERT_EQ(def->stages.size(), 3u);
  const StageDef& files = def->stages[0];
  EXPECT_EQ(files.name, "files");
  EXPECT_EQ(files.kind, StageKind::kSource);
  EXPECT_EQ(files.line, 13);
  EXPECT_EQ(files.config.GetStringList("paths"), std::vector<std::string>{"/data/pages"});
  EXPECT_EQ(files.config.GetInt("max_bytes"), 1000);  // the default, filled in.
  const StageDef& clean = def->stages[1];
  EXPECT_EQ(clean.replicas, 2u);
  EXPECT_EQ(clean.from, "files");
  EXPECT_EQ(clean.config.GetInt("min_chars"), 25);
  EXPECT_EQ(clean.config.GetDuration("budget"), std::chrono::milliseconds(500));
  EXPECT_FALSE(clean.config.GetBool("keep_comments"));
  EXPECT_EQ(def->stages[2].name, "db");
  EXPECT_EQ(def->stages[2].from, "clean");
  EXPECT_EQ(def->stages[2].kind, StageKind::kSink);
  EXPECT_EQ(def->stages[2].config.GetString("path"), "news.db");
  EXPECT_EQ(def->FindStage("db"), &def->stages[2]);
  EXPECT_EQ(def->FindStageOfType("clean"), &def->stages[1]);
  // Validation creates nothing: the state directory appears when the pipeline runs.
  EXPECT_FALSE(std::filesystem::exists(def->state_dir));
}

TEST(PipelineTest, AbsoluteStateDirAndCommandStages) {
  auto def = LoadPipelineFromString(R"(pipeline: ext
state_dir: /tmp/np-ext-state
stages:
  - name: gen
    command: [./gen, --fast]
  - name: sink
    command: ./sink
    config: {anything: [1, 2]}
)",
                                    "ext.yaml", TestRegistry());
  ASSERT_TRUE(def.ok()) << def.status().message();
  EXPECT_EQ(def->state_dir, "/tmp/np-ext-state");
  EXPECT_EQ(def->stages[0].command, (std::vector<std::string>{"./gen", "--fast"}));
  EXPECT_EQ(def->stages[0].kind, StageKind::kSource);
  EXPECT_EQ(def->stages[1].command, std::vector<std::string>{"./sink"});
  EXPECT_EQ(def->stages[1].kind, StageKind::kSink);
  EXPECT_EQ(def->stages[1].config.Raw("anything").size(), 2u);
}

TEST(PipelineTest, MisspeltKeysAreListedWithTheValidOnes) {
  const std::string out = Messages(R"(pipeline: demo
stages:
  - type: files
    replica: 2
    config:
      pathz: [a]
  - type: clean
supervisr:
  restart_max: 1s
)");
  EXPECT_THAT(out, HasSubstr("p.yaml:4: stages[0].replica: unknown stage key \"replica\"; valid "
                             "keys: name, type, command, replicas, from, listen, connect, config"));
  EXPECT_THAT(out, HasSubstr("p.yaml:6: stages[0].config.pathz: unknown field for stage type "
                             "files; valid fields: paths, max_bytes"));
  EXPECT_THAT(out, HasSubstr("p.yaml:8: supervisr: unknown top-level key \"supervisr\"; valid "
                             "keys: pipeline, state_dir, transport, supervisor, delivery, stages"));
}

TEST(PipelineTest, UnknownStageTypeListsTheKnownOnes) {
  const std::string out = Messages(R"(pipeline: demo
stages:
  - type: files
  - type: cleen
)");
  EXPECT_THAT(out, HasSubstr("p.yaml:4: stages[1].type: unknown stage type \"cleen\"; known "
                             "types: clean, files, store"));
}

TEST(PipelineTest, WrongTypesAndBoundsNameTheFieldAndLine) {
  const auto errors = Errors(R"(pipeline: demo
stages:
  - type: files
    config:
      max_bytes: lots
  - type: clean
    replicas: 0
    config:
      min_chars: -1
      keep_comments: "yes"
      budget: soon
transport: {kind: udp, base_port: 70000}
)");
  std::string out;
  for (const auto& e : errors) out += e.ToString() + "\n";
  EXPECT_THAT(out, HasSubstr("p.yaml:5: stages[0].config.max_bytes: expected an integer, got "
                             "\"lots\""));
  EXPECT_THAT(out, HasSubstr("p.yaml:7: stages[1].replicas: expected an integer >= 1, got 0"));
  EXPECT_THAT(out, HasSubstr("p.yaml:9: stages[1].config.min_chars: expected an integer >= 0"));
  EXPECT_THAT(out, HasSubstr("p.yaml:10: stages[1].config.keep_comments: expected true or "
                             "false, got \"yes\""));
  EXPECT_THAT(out, HasSubstr("p.yaml:11: stages[1].config.budget: expected a duration"));
  EXPECT_THAT(out, HasSubstr("p.yaml:12: transport.kind: expected one of ipc, tcp, got \"udp\""));
  EXPECT_THAT(out, HasSubstr("p.yaml:12: transport.base_port: expected an integer <= 65535"));
  // Every error at once, in file order.
  EXPECT_EQ(errors.size(), 7u) << out;
  for (size_t i = 1; i < errors.size(); ++i) EXPECT_LE(errors[i - 1].line, errors[i].line);
}

TEST(PipelineTest, UnsetVariableIsNamed) {
  ::unsetenv("NP_TEST_NOT_SET");
  const std::string out = Messages(R"(pipeline: files
state_dir: ${NP_TEST_STATE_DIR_UNSET:-var/files}
stages:
  - type: files
    config:
      paths: ${NP_TEST_NOT_SET}
)");
  EXPECT_THAT(out, HasSubstr("p.yaml:6: stages[0].config.paths: ${NP_TEST_NOT_SET} is not set "
                             "and has no default"));
}

TEST(PipelineTest, DuplicateNamesAndBadReferences) {
  const std::string out = Messages(R"(pipeline: demo
stages:
  - type: files
  - type: clean
  - type: clean
  - type: store
    from: extract
)");
  EXPECT_THAT(out, HasSubstr("p.yaml:5: stages[2].name: duplicate stage name \"clean\" (also "
                             "stages[1])"));
  EXPECT_THAT(out, HasSubstr("p.yaml:7: stages[3].from: no stage named \"extract\""));
}

TEST(PipelineTest, SourceFirstAndWiring) {
  std::string out = Messages(R"(pipeline: demo
stages:
  - type: clean
  - type: files
)");
  EXPECT_THAT(out, HasSubstr("p.yaml:3: stages[0].type: the first stage must be a source"));
  EXPECT_THAT(out, HasSubstr("p.yaml:4: stages[1].type: a source must be the first stage"));

  out = Messages(R"(pipeline: demo
stages:
  - type: files
    replicas: 2
  - name: a
    type: clean
  - name: b
    type: clean
    from: files
)");
  EXPECT_THAT(out, HasSubstr("p.yaml:4: stages[0].replicas: the source runs as one replica"));
  EXPECT_THAT(out, HasSubstr("p.yaml:9: stages[2].from: \"files\" already feeds \"a\""));
}

TEST(PipelineTest, YamlSyntaxErrorHasALine) {
  const std::string out = Messages("pipeline: demo\nstages:\n  - type: files\n  - [unclosed\n");
  EXPECT_THAT(out, HasSubstr("p.yaml:"));
  EXPECT_THAT(out, HasSubstr("YAML:"));
  const auto errors = Errors("pipeline: demo\nstages:\n  - type: files\n    config: {a: 1\n");
  ASSERT_FALSE(errors.empty());
  EXPECT_GE(errors[0].line, 4);
}

TEST(PipelineTest, EmptyFileAndMissingPieces) {
  EXPECT_THAT(Messages(""), HasSubstr("p.yaml: expected a mapping with `pipeline:` and "
                                      "`stages:`, got an empty file"));
  const std::string out = Messages("state_dir: x\n");
  EXPECT_THAT(out, HasSubstr("missing `pipeline:`"));
  EXPECT_THAT(out, HasSubstr("missing \"stages\""));
  EXPECT_THAT(Messages("pipeline: x\nstages: []\n"), HasSubstr("p.yaml:2: stages: expected a "
                                                               "non-empty list"));
}

TEST(PipelineTest, DuplicateKeysAreErrors) {
  EXPECT_THAT(Messages("pipeline: a\npipeline: b\nstages:\n  - type: files\n"),
              HasSubstr("p.yaml:2: pipeline: duplicate key \"pipeline\""));
}

TEST(PipelineTest, MissingFileIsNamed) {
  std::vector<PipelineError> errors;
  auto def = LoadPipeline("/nonexistent/p.yaml", TestRegistry(), &errors);
  ASSERT_FALSE(def.ok());
  EXPECT_THAT(def.status().message(), HasSubstr("/nonexistent/p.yaml: cannot read"));
}

}  // namespace
}  // namespace newspipe
