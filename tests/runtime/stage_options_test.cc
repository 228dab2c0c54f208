#include "runtime/stage_options.h"

#include <gtest/gtest.h>

namespace newspipe {
namespace {

TEST(StageOptionsTest, RoundTripsThroughArgs) {
  StageProcessOptions o;
  o.pipeline = "demo";
  o.stage_name = "clean2";
  o.stage_type = "clean";
  o.replica = 3;
  o.state_dir = "/tmp/state dir";
  o.once = true;
  o.config_json = R"({"min_chars": 10})";
  o.input = {"@ipc:///tmp/x/clean2.in.3"};
  o.output = {">ipc:///tmp/x/extract.in.0", ">ipc:///tmp/x/extract.in.1"};
  o.ack = {">ipc:///tmp/x/fetch.ack"};
  o.control = {">ipc:///tmp/x/control"};
  o.high_water_mark = 77;
  o.max_message_bytes = 1 << 20;
  o.heartbeat_interval = std::chrono::milliseconds(250);
  o.delivery.ack_timeout = std::chrono::milliseconds(1500);
  o.delivery.max_attempts = 7;
  o.delivery.window = 42;
  o.curve.server_public_key = "/k/server.pub";
  o.curve.client_secret_key = "/k/client.key";

  auto parsed = ParseStageOptions(o.ToArgs(), "ignored");
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  const auto& p = *parsed;
  EXPECT_EQ(p.pipeline, "demo");
  EXPECT_EQ(p.stage_name, "clean2");
  EXPECT_EQ(p.stage_type, "clean");
  EXPECT_EQ(p.replica, 3u);
  EXPECT_EQ(p.state_dir, o.state_dir);
  EXPECT_TRUE(p.once);
  EXPECT_EQ(p.config_json, o.config_json);
  EXPECT_EQ(p.input, o.input);
  EXPECT_EQ(p.output, o.output);
  EXPECT_EQ(p.ack, o.ack);
  EXPECT_EQ(p.control, o.control);
  EXPECT_EQ(p.high_water_mark, 77);
  EXPECT_EQ(p.max_message_bytes, 1 << 20);
  EXPECT_EQ(p.heartbeat_interval, std::chrono::milliseconds(250));
  EXPECT_EQ(p.delivery.ack_timeout, std::chrono::milliseconds(1500));
  EXPECT_EQ(p.delivery.max_attempts, 7);
  EXPECT_EQ(p.delivery.window, 42);
  EXPECT_EQ(p.curve.server_public_key, "/k/server.pub");
  EXPECT_EQ(p.curve.client_secret_key, "/k/client.key");
  EXPECT_FALSE(p.standalone());
}

TEST(StageOptionsTest, DefaultsNameAndTypeFromTheExecutable) {
  auto parsed = ParseStageOptions(std::vector<std::string>{"--in", "-"}, "fetch");
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(parsed->stage_type, "fetch");
  EXPECT_EQ(parsed->stage_name, "fetch");
  EXPECT_TRUE(parsed->standalone());
}

TEST(StageOptionsTest, RejectsBadFlagsNamingThem) {
  auto unknown = ParseStageOptions(std::vector<std::string>{"--colour", "red"}, "x");
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.status().message().find("--colour"), std::string::npos);
  auto bad_duration =
      ParseStageOptions(std::vector<std::string>{"--heartbeat-interval", "soon"}, "x");
  ASSERT_FALSE(bad_duration.ok());
  EXPECT_NE(bad_duration.status().message().find("--heartbeat-interval"), std::string::npos);
  auto bad_endpoint = ParseStageOptions(std::vector<std::string>{"--input", "@nowhere"}, "x");
  ASSERT_FALSE(bad_endpoint.ok());
  EXPECT_NE(bad_endpoint.status().message().find("nowhere"), std::string::npos);
}

TEST(StageOptionsTest, HelpIsNotAnError) {
  std::string help;
  auto parsed = ParseStageOptions(std::vector<std::string>{"--help"}, "x", &help);
  ASSERT_TRUE(parsed.ok());
  EXPECT_NE(help.find("--input"), std::string::npos);
}

TEST(EndpointSpecTest, BindConnectAndDefault) {
  auto b = ParseEndpointSpec("@ipc:///a/b");
  ASSERT_TRUE(b.ok());
  EXPECT_TRUE(b->bind);
  EXPECT_EQ(b->address, "ipc:///a/b");
  auto c = ParseEndpointSpec(">tcp://127.0.0.1:5000");
  ASSERT_TRUE(c.ok());
  EXPECT_FALSE(c->bind);
  auto d = ParseEndpointSpec("tcp://127.0.0.1:5000");
  ASSERT_TRUE(d.ok());
  EXPECT_FALSE(d->bind);
  EXPECT_FALSE(ParseEndpointSpec("@").ok());
}

}  // namespace
}  // namespace newspipe
