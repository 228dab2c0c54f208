// Crash points: forced process deaths at named places on the delivery path, so that tests can
// check the guarantee where it is most fragile. Compiled in always; inert (one load of a flag)
// unless the environment asks for them:
//
//   NEWSPIPE_CRASH_AT=POINT[:N][,POINT[:N]...]   die (SIGKILL, like kill -9) the Nth time
//                                                 (default: the first) POINT is reached in
//                                                 this process.
//   NEWSPIPE_CRASH_ONCE=DIR                       each POINT kills only one process: the first
//                                                 to reach it creates DIR/crashed-POINT
//                                                 (exclusively) and dies; a restarted process
//                                                 finds the file and goes on.
//   NEWSPIPE_CRASH_ON_DOC=STAGE:TEXT              the stage named STAGE dies whenever it starts
//                                                 on a document whose id or source path
//                                                 contains TEXT (a poison document).
//
// Points: outbox_before_sync, outbox_after_sync (the source's outbox write, around its synced
// commit), store_before_commit, store_after_commit (a sink's Commit(), before it runs and after
// it returned OK, before the acks go out).
// LoadCrashPointsFromEnv() is called once at process start, before any thread; the rest is
// thread-compatible (one runner thread).
#pragma once

#include <string_view>

#include "proto/newspipe.pb.h"

namespace newspipe {

namespace crash_points_internal {
extern bool g_enabled;
void Reach(std::string_view point);
void StartDocument(std::string_view stage, const v1::Document& doc);
}  // namespace crash_points_internal

// Reads the variables above; installs the outbox hook when an outbox point is named.
void LoadCrashPointsFromEnv();

// Dies here if the environment asked for it.
inline void CrashPoint(std::string_view point) {
  if (crash_points_internal::g_enabled) crash_points_internal::Reach(point);
}

// Dies here if `doc` is the poison document named for `stage`.
inline void CrashPointForDocument(std::string_view stage, const v1::Document& doc) {
  if (crash_points_internal::g_enabled) crash_points_internal::StartDocument(stage, doc);
}

}  // namespace newspipe
