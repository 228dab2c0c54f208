#include "runtime/supervisor_plan.h"

#include <sys/un.h>

namespace newspipe {
namespace {

constexpr size_t kMaxIpcPath = sizeof(sockaddr_un::sun_path) - 1;

class EndpointAllocator {
 public:
  explicit EndpointAllocator(const PipelineDef& def)
      : def_(def), next_port_(def.transport.base_port) {}

  // A fresh endpoint named `name` (ipc) or the next port (tcp).
  Result<std::string> Next(const std::string& name) {
    if (def_.transport.kind == "tcp") {
      if (next_port_ > 65535) {
        return Status::InvalidArgument("transport.base_port " +
                                       std::to_string(def_.transport.base_port) +
                                       " leaves too few ports for every endpoint");
      }
      return "tcp://" + def_.transport.host + ":" + std::to_string(next_port_++);
    }
    const std::string path = (def_.state_dir / "sock" / name).string();
    if (path.size() > kMaxIpcPath) {
      return Status::InvalidArgument(
          "the ipc socket path " + path + " is longer than a Unix socket allows (" +
          std::to_string(kMaxIpcPath) + " bytes): use a shorter state_dir or transport kind tcp");
    }
    return "ipc://" + path;
  }

 private:
  const PipelineDef& def_;
  int next_port_;
};

// The address of `replica` under an explicit `listen:`: ipc paths get a suffix, tcp the next port.
Result<std::string> ListenAddress(const std::string& listen, uint32_t replica) {
  if (replica == 0) return listen;
  if (listen.rfind("tcp://", 0) == 0) {
    const size_t colon = listen.rfind(':');
    int port = 0;
    try {
      port = std::stoi(listen.substr(colon + 1));
    } catch (const std::exception&) {
      return Status::InvalidArgument("listen address " + listen + " has no port");
    }
    return listen.substr(0, colon + 1) + std::to_string(port + static_cast<int>(replica));
  }
  return listen + "." + std::to_string(replica);
}

}  // namespace

std::string ConnectAddress(const std::string& bind_address) {
  for (const std::string any : {"tcp://0.0.0.0:", "tcp://*:"}) {
    if (bind_address.rfind(any, 0) == 0) {
      return "tcp://127.0.0.1:" + bind_address.substr(any.size());
    }
  }
  return bind_address;
}

Result<SupervisorPlan> PlanPipeline(const PipelineDef& def, const std::string& bin_dir, bool once) {
  SupervisorPlan plan;
  EndpointAllocator alloc(def);
  NP_ASSIGN_OR_RETURN(plan.control_address, alloc.Next("control"));
  plan.bound.push_back({plan.control_address, "the supervisor's control endpoint"});
  NP_ASSIGN_OR_RETURN(std::string ack_address, alloc.Next("ack"));
  if (!def.stages.empty()) {
    plan.bound.push_back({ack_address, "the ack endpoint of " + def.stages[0].name});
  }

  const size_t n = def.stages.size();
  // Per stage: the specs its replicas use for input and output.
  std::vector<std::vector<std::vector<std::string>>> inputs(n), outputs(n);
  for (size_t i = 0; i < n; ++i) {
    inputs[i].resize(def.stages[i].replicas);
    outputs[i].resize(def.stages[i].replicas);
  }
  for (size_t d = 1; d < n; ++d) {
    const StageDef& down = def.stages[d];
    size_t u = 0;
    for (size_t k = 0; k < d; ++k) {
      if (def.stages[k].name == down.from) u = k;
    }
    const StageDef& up = def.stages[u];
    if (!up.connect.empty()) continue;  // the upstream sends elsewhere; this stage listens.
    const bool upstream_binds = down.listen.empty() && up.replicas == 1 && down.replicas > 1;
    if (upstream_binds) {
      NP_ASSIGN_OR_RETURN(std::string address, alloc.Next(up.name + ".out"));
      plan.bound.push_back({address, "the output of " + up.name});
      outputs[u][0].push_back("@" + address);
      for (auto& in : inputs[d]) in.push_back(">" + ConnectAddress(address));
      continue;
    }
    for (uint32_t r = 0; r < down.replicas; ++r) {
      std::string address;
      if (!down.listen.empty()) {
        NP_ASSIGN_OR_RETURN(address, ListenAddress(down.listen, r));
      } else {
        NP_ASSIGN_OR_RETURN(address, alloc.Next(down.name + ".in." + std::to_string(r)));
      }
      plan.bound.push_back({address, "the input of " + down.name + "." + std::to_string(r)});
      inputs[d][r].push_back("@" + address);
      for (auto& out : outputs[u]) out.push_back(">" + ConnectAddress(address));
    }
  }
  for (size_t i = 0; i < n; ++i) {
    const StageDef& s = def.stages[i];
    if (!s.connect.empty()) {
      for (auto& out : outputs[i]) out.push_back(">" + s.connect);
    }
    if (i == 0 && !s.listen.empty()) {  // a source with `listen:` takes input too.
      for (uint32_t r = 0; r < s.replicas; ++r) {
        NP_ASSIGN_OR_RETURN(std::string address, ListenAddress(s.listen, r));
        plan.bound.push_back({address, "the input of " + s.name + "." + std::to_string(r)});
        inputs[i][r].push_back("@" + address);
      }
    }
  }

  for (size_t i = 0; i < n; ++i) {
    const StageDef& s = def.stages[i];
    for (uint32_t r = 0; r < s.replicas; ++r) {
      ReplicaPlan rp;
      rp.stage_index = i;
      rp.replica = r;
      if (!s.command.empty()) {
        rp.command = s.command;
      } else {
        rp.command = {(bin_dir.empty() ? std::string() : bin_dir + "/") + "newspipe-" + s.type};
      }
      StageProcessOptions& o = rp.options;
      o.pipeline = def.name;
      o.stage_name = s.name;
      o.stage_type = s.type;
      o.replica = r;
      o.state_dir = def.state_dir;
      o.once = once;
      o.config_json = s.config.ToJson();
      o.input = inputs[i][r];
      o.output = outputs[i][r];
      o.ack = {(i == 0 ? "@" : ">") + (i == 0 ? ack_address : ConnectAddress(ack_address))};
      o.control = {">" + ConnectAddress(plan.control_address)};
      o.high_water_mark = def.transport.high_water_mark;
      o.max_message_bytes = def.transport.max_message_bytes;
      o.heartbeat_interval = def.supervisor.heartbeat_interval;
      o.delivery.ack_timeout = def.delivery.ack_timeout;
      o.delivery.max_attempts = def.delivery.max_attempts;
      o.delivery.window = def.delivery.window;
      o.delivery.max_crashes = def.delivery.max_crashes;
      o.delivery.acks = def.delivery.acks;
      o.curve.server_secret_key = def.transport.curve_server_secret_key;
      o.curve.server_public_key = def.transport.curve_server_public_key;
      o.curve.client_secret_key = def.transport.curve_client_secret_key;
      o.curve.client_public_key = def.transport.curve_client_public_key;
      o.curve.client_keys = def.transport.curve_client_keys;
      plan.replicas.push_back(std::move(rp));
    }
  }
  return plan;
}

}  // namespace newspipe
