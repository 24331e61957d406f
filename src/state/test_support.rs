//! A stand-in for the browser layer in tests: a viewer and the search engine it talks to.

use super::{update_with, Effect, Msg, State};
use crate::engine::{Reply, Request};
use crate::route::Route;

/// A viewer and the search engine it talks to, the requests it was sent in order.
pub(crate) struct Tab {
    pub(crate) state: State,
    pub(crate) engine: crate::engine::Engine,
    /// Requests sent to the engine, in order.
    pub(crate) requests: Vec<Request>,
}

impl Tab {
    /// A viewer at `route`, nothing loaded.
    pub(crate) fn at(route: Route) -> Tab {
        Tab::of(State {
            route,
            ..State::default()
        })
    }

    /// The viewer in `state`, its engine not loaded yet.
    pub(crate) fn of(state: State) -> Tab {
        Tab {
            state,
            engine: crate::engine::Engine::default(),
            requests: Vec::new(),
        }
    }

    /// Applies `msg`, and carries out what it asks of the engine, whose module loads at once when asked for: the
    /// effects left are the page's. Requests and replies go through their bytes, as between the two wasm modules.
    pub(crate) fn send(&mut self, msg: Msg) -> Vec<Effect> {
        let (engine, requests) = (&mut self.engine, &mut self.requests);
        let mut ask = |request: Request| {
            let request = Request::decode(&request.encode()).expect("a request decodes");
            requests.push(request.clone());
            let replies = engine.handle(request);
            Reply::decode_all(&Reply::encode_all(&replies)).expect("replies decode")
        };
        let mut page = Vec::new();
        let mut pending = vec![msg];
        while let Some(msg) = pending.pop() {
            for effect in update_with(&mut self.state, msg, &mut ask) {
                match effect {
                    Effect::LoadEngine { .. } => pending.push(Msg::EngineLoaded(Ok(()))),
                    other => page.push(other),
                }
            }
        }
        page
    }

    /// Sends [`Msg::BuildIndex`] for as long as the viewer asks, as the browser does between tasks.
    pub(crate) fn build_in_slices(&mut self, budget: usize) -> usize {
        let mut slices = 0;
        while !self.state.search.built {
            slices += 1;
            let effects = self.send(Msg::BuildIndex { budget });
            assert_eq!(effects, [Effect::ScheduleIndex], "slice {slices}");
            assert!(slices < 10_000, "the build ends");
        }
        slices
    }
}
